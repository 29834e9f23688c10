package org.icsmap.domain.ingest;

import java.util.Arrays;
import java.util.Collection;

/**
 * Strings found by their characters in place: a slice {@code chars[from, to)} of the reader's buffer is looked up
 * without making a String of it. Each key maps to a value (a String: the key itself, or a normal form of it), so a
 * column's repeating values come out as one String instance each — cheap for the Parquet writer's dictionary too.
 * Open addressing on {@link String#hashCode()} (the slice's hash is computed the same way). The keys' characters sit
 * one after another in one array, and their hashes and lengths in arrays of their own, so a probe reads a few ints
 * and, when those match, a short run of characters — not a String object and its array apiece, scattered over the
 * heap (a code list has thousands). Either complete (a code list, filled once) or a cache of values checked before,
 * emptied when it passes its bound so memory stays bounded whatever the file. Not thread-safe.
 */
final class SliceTable {

    private final int bound;
    /** Where each slot's key starts in {@link #pool}; -1 for an empty slot. */
    private int[] starts;
    private int[] lengths;
    private int[] hashes;
    private String[] values;
    private char[] pool = new char[256];
    private int poolSize;
    private int size;

    /** A cache of at most {@code bound} entries. */
    SliceTable(int bound) {
        this.bound = bound;
        allocate(64);
    }

    /** A complete table of these keys, each its own value. */
    static SliceTable of(Collection<String> keys) {
        SliceTable table = new SliceTable(Integer.MAX_VALUE);
        for (String key : keys) {
            table.put(key, key);
        }
        return table;
    }

    private void allocate(int slots) {
        starts = new int[slots];
        Arrays.fill(starts, -1);
        lengths = new int[slots];
        hashes = new int[slots];
        values = new String[slots];
    }

    /** The value of the key written {@code chars[from, to)}, or null. */
    String get(char[] chars, int from, int to) {
        int hash = 0;
        for (int i = from; i < to; i++) {
            hash = 31 * hash + chars[i];
        }
        int length = to - from;
        int mask = starts.length - 1;
        for (int slot = spread(hash) & mask; ; slot = slot + 1 & mask) {
            int start = starts[slot];
            if (start < 0) {
                return null;
            }
            if (hashes[slot] == hash && lengths[slot] == length && Arrays.equals(pool, start, start + length, chars, from, to)) {
                return values[slot];
            }
        }
    }

    void put(String key, String value) {
        if (size >= bound) {
            Arrays.fill(starts, -1);
            Arrays.fill(values, null);
            poolSize = 0;
            size = 0;
        }
        if ((size + 1) * 2 > starts.length) {
            grow();
        }
        int hash = key.hashCode();
        int length = key.length();
        int mask = starts.length - 1;
        int slot = spread(hash) & mask;
        while (starts[slot] >= 0) {
            if (hashes[slot] == hash && lengths[slot] == length && key.contentEquals(java.nio.CharBuffer.wrap(pool, starts[slot], length))) {
                values[slot] = value;
                return;
            }
            slot = slot + 1 & mask;
        }
        if (poolSize + length > pool.length) {
            pool = Arrays.copyOf(pool, Math.max(pool.length * 2, poolSize + length));
        }
        key.getChars(0, length, pool, poolSize);
        starts[slot] = poolSize;
        lengths[slot] = length;
        hashes[slot] = hash;
        values[slot] = value;
        poolSize += length;
        size++;
    }

    private void grow() {
        int[] oldStarts = starts;
        int[] oldLengths = lengths;
        int[] oldHashes = hashes;
        String[] oldValues = values;
        allocate(oldStarts.length * 2);
        int mask = starts.length - 1;
        for (int i = 0; i < oldStarts.length; i++) {
            if (oldStarts[i] >= 0) {
                int slot = spread(oldHashes[i]) & mask;
                while (starts[slot] >= 0) {
                    slot = slot + 1 & mask;
                }
                starts[slot] = oldStarts[i];
                lengths[slot] = oldLengths[i];
                hashes[slot] = oldHashes[i];
                values[slot] = oldValues[i];
            }
        }
    }

    private static int spread(int hash) {
        return (hash ^ hash >>> 16) * 0x9E3779B1 >>> 5;
    }
}
