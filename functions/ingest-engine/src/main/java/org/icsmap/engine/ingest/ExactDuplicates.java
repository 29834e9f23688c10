package org.icsmap.engine.ingest;

import org.icsmap.engine.hashing.Hash128Set;

/**
 * Finds exact repeats of earlier records in one file, in memory proportional to the number of
 * distinct records and independent of their length: it keeps only a 128-bit hash of each record's
 * raw text (MurmurHash3 x64-128 of its UTF-16LE code units), in an open-addressing table of
 * {@code long} pairs.
 *
 * <p><b>Memory:</b> a {@link Hash128Set}: 16 bytes per slot at a load of 7/16 to 7/8, i.e. <b>18–37 MB per
 * million rows</b>, grown a shard at a time so it never holds two copies of itself. A HashSet of strings
 * or even of two-long records would be 80+ bytes per row plus the text.
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

    private final Hash128Set seen;
    /** The record's characters, copied once: reading a String char by char is slower. */
    private char[] scratch = new char[512];

    public ExactDuplicates() {
        this(1 << 12);
    }

    /** @param expected how many records are expected (the table grows past it anyway) */
    public ExactDuplicates(int expected) {
        seen = new Hash128Set(expected);
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
        return firstSeen(scratch, 0, length);
    }

    /** {@link #firstSeen(String)} of the record text {@code chars[from, from + length)}, read in place. */
    public boolean firstSeen(char[] chars, int from, int length) {
        long[] hash = murmur3(chars, from, length);
        return seen.add(hash[0], hash[1]);
    }

    /** The 128-bit hash {@link #firstSeen(String)} keeps of the record text {@code chars[from, from + length)}, into {@code out}. */
    static void hash(char[] chars, int from, int length, long[] out) {
        murmur3(chars, from, length, out);
    }

    /** {@link #firstSeen(String)} of a record given by its {@link #hash}. */
    boolean firstSeen(long h1, long h2) {
        return seen.add(h1, h2);
    }

    /** Distinct records seen. */
    public int size() {
        return seen.size();
    }

    /** Bytes the table holds now. */
    public long memoryBytes() {
        return seen.memoryBytes();
    }

    /** MurmurHash3 x64-128 (seed 0) of the UTF-16LE encoding of the text: the same as hashing those bytes. */
    static long[] murmur3(String text) {
        return murmur3(text.toCharArray(), 0, text.length());
    }

    private static long[] murmur3(char[] text, int offset, int chars) {
        long[] hash = new long[2];
        murmur3(text, offset, chars, hash);
        return hash;
    }

    /** Into {@code out[0..1]}, allocating nothing; four code units read at once ({@link #pack4}) in the body. */
    private static void murmur3(char[] text, int offset, int chars, long[] out) {
        long h1 = 0;
        long h2 = 0;
        int blocks = chars >>> 3; // 8 chars = 16 bytes
        for (int b = 0; b < blocks; b++) {
            int i = offset + (b << 3);
            h1 ^= mixK1(pack4(text, i));
            h1 = (Long.rotateLeft(h1, 27) + h2) * 5 + 0x52dce729;
            h2 ^= mixK2(pack4(text, i + 4));
            h2 = (Long.rotateLeft(h2, 31) + h1) * 5 + 0x38495ab5;
        }
        int tail = offset + (blocks << 3);
        int left = chars - (blocks << 3);
        if (left > 4) {
            h2 ^= mixK2(pack(text, tail + 4, left - 4));
        }
        if (left > 0) {
            h1 ^= mixK1(pack(text, tail, Math.min(left, 4)));
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
        out[0] = h1;
        out[1] = h2;
    }

    private static long mixK1(long k1) {
        return Long.rotateLeft(k1 * C1, 31) * C2;
    }

    private static long mixK2(long k2) {
        return Long.rotateLeft(k2 * C2, 33) * C1;
    }

    /** Four UTF-16 code units, little-endian. */
    private static long pack4(char[] text, int from) {
        return text[from] | (long) text[from + 1] << 16 | (long) text[from + 2] << 32 | (long) text[from + 3] << 48;
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
