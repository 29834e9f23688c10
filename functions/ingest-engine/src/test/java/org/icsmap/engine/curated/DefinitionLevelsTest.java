package org.icsmap.engine.curated;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridEncoder;
import org.junit.jupiter.api.Test;

class DefinitionLevelsTest {

    @Test
    void theLevelsAreByteForByteWhatParquetMrsEncoderWrites() throws Exception {
        DefinitionLevels levels = new DefinitionLevels(1 << 20, new HeapByteBufferAllocator());
        Random random = new Random(3);
        for (int count : new int[] {1, 7, 8, 9, 63, 64, 127, 128, 1_000, 16_384, 20_000}) {
            for (int nullEvery : new int[] {0, 2, 9, 5_000}) {
                byte[] defined = new byte[count];
                for (int i = 0; i < count; i++) {
                    defined[i] = (byte) (nullEvery > 0 && random.nextInt(nullEvery) == 0 ? 0 : 1);
                }
                RunLengthBitPackingHybridEncoder reference = new RunLengthBitPackingHybridEncoder(1, 1024, 1 << 20, new HeapByteBufferAllocator());
                for (byte d : defined) {
                    reference.writeInt(d);
                }
                BytesInput bytes = reference.toBytes();
                byte[] expected = BytesInput.concat(BytesInput.fromInt((int) bytes.size()), bytes).toByteArray();
                assertThat(levels.encode(defined, count).toByteArray()).as("%d levels, a null about every %d", count, nullEvery)
                        .isEqualTo(expected);
            }
        }
    }
}
