package org.icsmap.engine.ingest;

import java.util.Arrays;
import java.util.Collection;

/**
 * Strings found by their characters in place: a slice {@code chars[from, to)} of the reader's buffer is looked up
 * without making a String of it. Each key maps to a value (a String: the key itself, or a normal form of it), so a
 * column's repeating values come out as one String instance each — cheap for the Parquet writer's dictionary too.
 * Open addressing on {@link String#hashCode()} (the slice's hash is computed the same way). The keys' characters sit
 * one after another in one array, and each slot's start, length, hash and id side by side in one {@code int} array, so
 * a probe reads one cache line of ints and, when those match, a short run of characters — not a String object and its
 * array apiece, scattered over the heap (a code list has thousands). Either complete (a code list, filled once) or a
 * cache of values checked before, emptied when it passes its bound so memory stays bounded whatever the file.
 *
 * <p>Each entry also has an id, a small number unique to its value instance in this table and never reused (a cache
 * that is emptied goes on counting), which the curated writer's dictionary uses instead of hashing the String again
 * ({@link #id}). Not thread-safe.
 */
final class SliceTable {

    /** Ints a slot takes in {@link #slots}: where its key starts in {@link #pool} (-1: empty), its length, hash and id. */
    private static final int STRIDE = 4;
    private static final int START = 0;
    private static final int LENGTH = 1;
    private static final int HASH = 2;
    private static final int ID = 3;

    private final int bound;
    private int[] slots;
    private String[] values;
    private int nextId;
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

    private void allocate(int count) {
        slots = new int[count * STRIDE];
        for (int i = 0; i < slots.length; i += STRIDE) {
            slots[i + START] = -1;
        }
        values = new String[count];
    }

    /** The value of the key written {@code chars[from, to)}, or null. */
    String get(char[] chars, int from, int to) {
        int slot = find(chars, from, to);
        return slot < 0 ? null : values[slot];
    }

    /** The slot of the key written {@code chars[from, to)}, or -1: its {@link #value} and {@link #id}, until the next put. */
    int find(char[] chars, int from, int to) {
        int hash = 0;
        for (int i = from; i < to; i++) {
            hash = 31 * hash + chars[i];
        }
        int length = to - from;
        int mask = values.length - 1;
        for (int slot = spread(hash) & mask; ; slot = slot + 1 & mask) {
            int at = slot * STRIDE;
            int start = slots[at + START];
            if (start < 0) {
                return -1;
            }
            if (slots[at + HASH] == hash && slots[at + LENGTH] == length && Arrays.equals(pool, start, start + length, chars, from, to)) {
                return slot;
            }
        }
    }

    String value(int slot) {
        return values[slot];
    }

    /** The id of the slot's value: the same for as long as the entry lasts, never another entry's. */
    int id(int slot) {
        return slots[slot * STRIDE + ID];
    }

    void put(String key, String value) {
        if (size >= bound) {
            allocate(values.length);
            poolSize = 0;
            size = 0;
        }
        if ((size + 1) * 2 > values.length) {
            grow();
        }
        int hash = key.hashCode();
        int length = key.length();
        int mask = values.length - 1;
        int slot = spread(hash) & mask;
        while (slots[slot * STRIDE + START] >= 0) {
            int at = slot * STRIDE;
            if (slots[at + HASH] == hash && slots[at + LENGTH] == length
                    && key.contentEquals(java.nio.CharBuffer.wrap(pool, slots[at + START], length))) {
                values[slot] = value;
                slots[at + ID] = nextId++; // another value: another id
                return;
            }
            slot = slot + 1 & mask;
        }
        if (poolSize + length > pool.length) {
            pool = Arrays.copyOf(pool, Math.max(pool.length * 2, poolSize + length));
        }
        key.getChars(0, length, pool, poolSize);
        int at = slot * STRIDE;
        slots[at + START] = poolSize;
        slots[at + LENGTH] = length;
        slots[at + HASH] = hash;
        slots[at + ID] = nextId++;
        values[slot] = value;
        poolSize += length;
        size++;
    }

    private void grow() {
        int[] oldSlots = slots;
        String[] oldValues = values;
        allocate(oldValues.length * 2);
        int mask = values.length - 1;
        for (int old = 0; old < oldValues.length; old++) {
            int from = old * STRIDE;
            if (oldSlots[from + START] >= 0) {
                int slot = spread(oldSlots[from + HASH]) & mask;
                while (slots[slot * STRIDE + START] >= 0) {
                    slot = slot + 1 & mask;
                }
                System.arraycopy(oldSlots, from, slots, slot * STRIDE, STRIDE);
                values[slot] = oldValues[old];
            }
        }
    }

    private static int spread(int hash) {
        return (hash ^ hash >>> 16) * 0x9E3779B1 >>> 5;
    }
}
