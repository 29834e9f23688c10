package org.icsmap.engine.curated;

import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.bytes.BytesUtils;
import org.apache.parquet.column.values.bitpacking.BytePacker;
import org.apache.parquet.column.values.bitpacking.Packer;

/**
 * A data page's dictionary ids in Parquet's RLE/bit-packing hybrid encoding, with the bit width byte in front (what
 * a {@code PLAIN_DICTIONARY} data page holds): one run of repeats when every id of the page is the same (a column of
 * one value: the provider, the upload), bit-packed runs of up to 504 values (63 groups of 8, a one-byte header, as
 * parquet-mr writes them) otherwise, the bits packed by parquet-mr's own packers. Unlike parquet-mr's
 * {@code RunLengthBitPackingHybridEncoder} it looks for repeats once a page rather than value by value, and keeps its
 * buffers from page to page; zstd then squeezes what repeats within the bit-packed runs.
 *
 * <p>The bytes returned are valid until the next call (the page writer compresses them at once). Not thread-safe.
 */
final class DictionaryIds {

    /** Groups of 8 values in one bit-packed run: 63, so its header fits one byte. */
    private static final int GROUPS_PER_RUN = 63;

    private final BytePacker[] packers = new BytePacker[33];
    private byte[] out = new byte[1024];

    /**
     * The encoding of {@code ids[0, count)} at {@code bitWidth} bits each. {@code ids} must have room for {@code count}
     * rounded up to a multiple of 8: the padding of the last group is written as zeros.
     */
    BytesInput encode(int[] ids, int count, int bitWidth) {
        int groups = (count + 7) >>> 3;
        ensure(1 + 10 + groups * (1 + bitWidth) + 8);
        int size = 0;
        out[size++] = (byte) bitWidth;
        if (allSame(ids, count)) {
            size = writeVarInt(count << 1, size); // a repeated run: header, then the value in ceil(bitWidth / 8) bytes
            int value = ids[0];
            for (int b = 0; b < (bitWidth + 7) >>> 3; b++) {
                out[size++] = (byte) (value >>> (8 * b));
            }
            return BytesInput.from(out, 0, size);
        }
        for (int i = count; i < groups << 3; i++) {
            ids[i] = 0;
        }
        BytePacker packer = packer(bitWidth);
        for (int group = 0; group < groups; group += GROUPS_PER_RUN) {
            int run = Math.min(GROUPS_PER_RUN, groups - group);
            out[size++] = (byte) (run << 1 | 1);
            for (int g = group; g < group + run; g++) {
                packer.pack8Values(ids, g << 3, out, size);
                size += bitWidth;
            }
        }
        return BytesInput.from(out, 0, size);
    }

    /** The bit width of ids below {@code dictionarySize}. */
    static int bitWidth(int dictionarySize) {
        return BytesUtils.getWidthFromMaxInt(dictionarySize - 1);
    }

    private static boolean allSame(int[] ids, int count) {
        int first = ids[0];
        for (int i = 1; i < count; i++) {
            if (ids[i] != first) {
                return false;
            }
        }
        return true;
    }

    private int writeVarInt(int value, int at) {
        int v = value;
        while ((v & ~0x7F) != 0) {
            out[at++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out[at++] = (byte) v;
        return at;
    }

    private BytePacker packer(int bitWidth) {
        BytePacker packer = packers[bitWidth];
        if (packer == null) {
            packer = Packer.LITTLE_ENDIAN.newBytePacker(bitWidth);
            packers[bitWidth] = packer;
        }
        return packer;
    }

    private void ensure(int bytes) {
        if (out.length < bytes) {
            out = new byte[Math.max(bytes, out.length * 2)];
        }
    }
}
