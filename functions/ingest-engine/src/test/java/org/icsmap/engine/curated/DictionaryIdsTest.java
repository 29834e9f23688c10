package org.icsmap.engine.curated;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.Random;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridDecoder;
import org.junit.jupiter.api.Test;

/** Dictionary ids read back by parquet-mr's own decoder, whatever their count, width and repeats. */
class DictionaryIdsTest {

    @Test
    void parquetMrReadsBackEveryIdOfEveryShapeOfPage() throws Exception {
        DictionaryIds encoding = new DictionaryIds();
        Random random = new Random(5);
        for (int dictionarySize : new int[] {1, 2, 3, 7, 200, 5_000, 70_000}) {
            for (int count : new int[] {1, 7, 8, 9, 504, 505, 1_000, 20_000}) {
                for (boolean allSame : new boolean[] {false, true}) {
                    int[] ids = new int[count + 8];
                    for (int i = 0; i < count; i++) {
                        ids[i] = allSame ? dictionarySize - 1 : random.nextInt(dictionarySize);
                    }
                    int[] expected = java.util.Arrays.copyOf(ids, count);
                    byte[] page = encoding.encode(ids, count, DictionaryIds.bitWidth(dictionarySize)).toByteArray();
                    int bitWidth = page[0];
                    assertThat(bitWidth).isEqualTo(DictionaryIds.bitWidth(dictionarySize));
                    RunLengthBitPackingHybridDecoder decoder = new RunLengthBitPackingHybridDecoder(bitWidth,
                            new ByteArrayInputStream(page, 1, page.length - 1));
                    int[] read = new int[count];
                    for (int i = 0; i < count; i++) {
                        read[i] = decoder.readInt();
                    }
                    assertThat(read).as("%d ids below %d%s", count, dictionarySize, allSame ? ", all the same" : "").isEqualTo(expected);
                }
            }
        }
    }
}
