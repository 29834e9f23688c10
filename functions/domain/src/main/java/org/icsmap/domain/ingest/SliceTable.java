package org.icsmap.domain.ingest;

import java.util.Arrays;
import java.util.Collection;

/**
 * Strings found by their characters in place: a slice {@code chars[from, to)} of the reader's buffer is looked up
 * without making a String of it. Each key maps to a value (a String: the key itself, or a normal form of it), so a
 * column's repeating values come out as one String instance each — cheap for the Parquet writer's dictionary too.
 * Open addressing on {@link String#hashCode()} (the slice's hash is computed the same way), the keys' hashes kept in an
 * array of their own and compared first, so a probe touches a key's characters only when its hash matches. Either complete (a code list, filled once) or a cache of values checked before, emptied when it
 * passes its bound so memory stays bounded whatever the file. Not thread-safe.
 */
final class SliceTable {

    private final int bound;
    private String[] keys;
    private int[] hashes;
    private String[] values;
    private int size;

    /** A cache of at most {@code bound} entries. */
    SliceTable(int bound) {
        this.bound = bound;
        this.keys = new String[64];
        this.hashes = new int[64];
        this.values = new String[64];
    }

    /** A complete table of these keys, each its own value. */
    static SliceTable of(Collection<String> keys) {
        SliceTable table = new SliceTable(Integer.MAX_VALUE);
        for (String key : keys) {
            table.put(key, key);
        }
        return table;
    }

    /** The value of the key written {@code chars[from, to)}, or null. */
    String get(char[] chars, int from, int to) {
        int hash = 0;
        for (int i = from; i < to; i++) {
            hash = 31 * hash + chars[i];
        }
        int mask = keys.length - 1;
        for (int slot = spread(hash) & mask; ; slot = slot + 1 & mask) {
            String key = keys[slot];
            if (key == null) {
                return null;
            }
            if (hashes[slot] == hash && sameChars(key, chars, from, to)) {
                return values[slot];
            }
        }
    }

    void put(String key, String value) {
        if (size >= bound) {
            Arrays.fill(keys, null);
            Arrays.fill(values, null);
            size = 0;
        }
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        int slot = spread(key.hashCode()) & mask;
        while (keys[slot] != null) {
            if (keys[slot].equals(key)) {
                values[slot] = value;
                return;
            }
            slot = slot + 1 & mask;
        }
        keys[slot] = key;
        hashes[slot] = key.hashCode();
        values[slot] = value;
        size++;
    }

    private void grow() {
        String[] oldKeys = keys;
        String[] oldValues = values;
        keys = new String[oldKeys.length * 2];
        hashes = new int[oldKeys.length * 2];
        values = new String[oldKeys.length * 2];
        int mask = keys.length - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != null) {
                int slot = spread(oldKeys[i].hashCode()) & mask;
                while (keys[slot] != null) {
                    slot = slot + 1 & mask;
                }
                keys[slot] = oldKeys[i];
                hashes[slot] = oldKeys[i].hashCode();
                values[slot] = oldValues[i];
            }
        }
    }

    private static int spread(int hash) {
        return (hash ^ hash >>> 16) * 0x9E3779B1 >>> 5;
    }

    private static boolean sameChars(String key, char[] chars, int from, int to) {
        int length = to - from;
        if (key.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (key.charAt(i) != chars[from + i]) {
                return false;
            }
        }
        return true;
    }
}
