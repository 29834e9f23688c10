package org.icsmap.domain.ingest;

/**
 * Finds exact repeats of earlier records in one file, in memory proportional to the number of
 * distinct records and independent of their length: it keeps only a 128-bit hash of each record's
 * raw text (MurmurHash3 x64-128 of its UTF-16LE code units), in an open-addressing table of
 * {@code long} pairs.
 *
 * <p><b>Memory:</b> 16 bytes per slot; the table doubles when it is 3/4 full, so it is between 3/8 and
 * 3/4 full: 21 to 43 bytes per distinct record, i.e. <b>21–43 MB per million rows</b> (briefly 1.5 times
 * that while it doubles). A HashSet of strings or even of two-long records would be 80+ bytes per row
 * plus the text.
 *
 * <p><b>Collisions:</b> two different records are mistaken for duplicates with probability about
 * n²/2¹²⁹: below 10⁻²⁴ for ten million rows. Murmur3 is not a cryptographic hash, so a provider could
 * craft a colliding pair on purpose, but all that buys is dropping one of its own rows, which it can
 * do by not sending it.
 *
 * <p>The caller passes the record's {@link ExtractRecord#raw() raw text}, whose line endings the
 * reader has already normalised, so a repeat is found whether the file ends lines in LF or CRLF.
 */
public final class ExactDuplicates {

    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;

    private long[] table;
    /** The record's characters, copied once: reading a String char by char is slower. */
    private char[] scratch = new char[512];
    private int mask;
    private int size;
    private int resizeAt;

    public ExactDuplicates() {
        this(1 << 12);
    }

    /** @param expected how many records are expected (the table grows past it anyway) */
    public ExactDuplicates(int expected) {
        int slots = Integer.highestOneBit(Math.max(16, (int) Math.min(1 << 29, expected * 4L / 3 + 1)) * 2 - 1);
        allocate(slots);
    }

    /**
     * Remembers the record and says whether it is new: false means an exact copy was seen before
     * (the record is a ROW_DUPLICATE).
     */
    public boolean firstSeen(String raw) {
        int length = raw.length();
        if (scratch.length < length) {
            scratch = new char[Math.max(length, scratch.length * 2)];
        }
        raw.getChars(0, length, scratch, 0);
        long[] hash = murmur3(scratch, length);
        long h1 = hash[0];
        long h2 = hash[1];
        if (h1 == 0 && h2 == 0) {
            h2 = 1; // (0, 0) marks an empty slot
        }
        if (insert(table, mask, h1, h2)) {
            if (++size > resizeAt) {
                grow();
            }
            return true;
        }
        return false;
    }

    /** Distinct records seen. */
    public int size() {
        return size;
    }

    /** Bytes the table holds now. */
    public long memoryBytes() {
        return (long) table.length * Long.BYTES;
    }

    private static boolean insert(long[] table, int mask, long h1, long h2) {
        int slot = (int) (h1 ^ (h1 >>> 32)) & mask;
        while (true) {
            int at = slot << 1;
            long a = table[at];
            long b = table[at + 1];
            if (a == 0 && b == 0) {
                table[at] = h1;
                table[at + 1] = h2;
                return true;
            }
            if (a == h1 && b == h2) {
                return false;
            }
            slot = (slot + 1) & mask;
        }
    }

    private void grow() {
        long[] old = table;
        allocate((mask + 1) * 2);
        for (int i = 0; i < old.length; i += 2) {
            if (old[i] != 0 || old[i + 1] != 0) {
                insert(table, mask, old[i], old[i + 1]);
            }
        }
    }

    private void allocate(int slots) {
        if (slots > 1 << 29) {
            throw new IllegalStateException("more than 400 million distinct records in one file");
        }
        table = new long[slots * 2];
        mask = slots - 1;
        resizeAt = slots / 4 * 3;
    }

    /** MurmurHash3 x64-128 (seed 0) of the UTF-16LE encoding of the text: the same as hashing those bytes. */
    static long[] murmur3(String text) {
        return murmur3(text.toCharArray(), text.length());
    }

    private static long[] murmur3(char[] text, int chars) {
        long h1 = 0;
        long h2 = 0;
        int blocks = chars >>> 3; // 8 chars = 16 bytes
        for (int b = 0; b < blocks; b++) {
            int i = b << 3;
            long k1 = pack(text, i, 4);
            long k2 = pack(text, i + 4, 4);
            k1 *= C1;
            k1 = Long.rotateLeft(k1, 31);
            k1 *= C2;
            h1 ^= k1;
            h1 = Long.rotateLeft(h1, 27);
            h1 += h2;
            h1 = h1 * 5 + 0x52dce729;
            k2 *= C2;
            k2 = Long.rotateLeft(k2, 33);
            k2 *= C1;
            h2 ^= k2;
            h2 = Long.rotateLeft(h2, 31);
            h2 += h1;
            h2 = h2 * 5 + 0x38495ab5;
        }
        int tail = blocks << 3;
        int left = chars - tail;
        if (left > 4) {
            long k2 = pack(text, tail + 4, left - 4);
            k2 *= C2;
            k2 = Long.rotateLeft(k2, 33);
            k2 *= C1;
            h2 ^= k2;
        }
        if (left > 0) {
            long k1 = pack(text, tail, Math.min(left, 4));
            k1 *= C1;
            k1 = Long.rotateLeft(k1, 31);
            k1 *= C2;
            h1 ^= k1;
        }
        long length = (long) chars * 2;
        h1 ^= length;
        h2 ^= length;
        h1 += h2;
        h2 += h1;
        h1 = fmix(h1);
        h2 = fmix(h2);
        h1 += h2;
        h2 += h1;
        return new long[] {h1, h2};
    }

    /** Up to four UTF-16 code units, little-endian, as the byte-wise algorithm would read them. */
    private static long pack(char[] text, int from, int count) {
        long k = 0;
        for (int j = 0; j < count; j++) {
            k |= (long) text[from + j] << (16 * j);
        }
        return k;
    }

    private static long fmix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
