package org.icsmap.engine.curated;

import java.io.IOException;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.bytes.ByteBufferAllocator;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridEncoder;

/**
 * A v1 data page's definition levels (1 for a value, 0 for a null), as the page holds them: their length in four bytes,
 * then the RLE/bit-packing hybrid at one bit. A page without nulls — most pages of most columns — is one repeated run,
 * written here directly: byte for byte what parquet-mr's {@code RunLengthBitPackingHybridEncoder} writes for it, without
 * its look at every value. Other pages go through that encoder. Not thread-safe.
 */
final class DefinitionLevels {

    private final RunLengthBitPackingHybridEncoder encoder;
    private final byte[] allDefined = new byte[4 + 5 + 1];

    DefinitionLevels(int pageBytes, ByteBufferAllocator allocator) {
        this.encoder = new RunLengthBitPackingHybridEncoder(1, 1024, pageBytes, allocator);
    }

    /** The levels of {@code defined[0, count)}; valid until the next call. */
    BytesInput encode(byte[] defined, int count) throws IOException {
        if (count >= 8 && allOnes(defined, count)) {
            // parquet-mr's encoder writes a run of eight or more repeats as the run's header (count << 1, a varint)
            // and the value in one byte; it buffers nothing else before it, so that is the whole of its output.
            int size = 4;
            int header = count << 1;
            while ((header & ~0x7F) != 0) {
                allDefined[size++] = (byte) ((header & 0x7F) | 0x80);
                header >>>= 7;
            }
            allDefined[size++] = (byte) header;
            allDefined[size++] = 1;
            int length = size - 4;
            allDefined[0] = (byte) length;
            allDefined[1] = (byte) (length >>> 8);
            allDefined[2] = (byte) (length >>> 16);
            allDefined[3] = (byte) (length >>> 24);
            return BytesInput.from(allDefined, 0, size);
        }
        encoder.reset();
        for (int i = 0; i < count; i++) {
            encoder.writeInt(defined[i]);
        }
        BytesInput levels = encoder.toBytes();
        return BytesInput.concat(BytesInput.fromInt(Math.toIntExact(levels.size())), levels);
    }

    private static boolean allOnes(byte[] defined, int count) {
        for (int i = 0; i < count; i++) {
            if (defined[i] != 1) {
                return false;
            }
        }
        return true;
    }
}
