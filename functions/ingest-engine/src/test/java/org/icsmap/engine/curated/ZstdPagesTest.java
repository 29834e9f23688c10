package org.icsmap.engine.curated;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.Zstd;
import java.util.Random;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;

class ZstdPagesTest {

    @Test
    void eachPageIsOneZstdFrameOfItsPartsWhateverTheSizesBefore() throws Exception {
        ZstdPages pages = new ZstdPages(CuratedParquet.ZSTD_LEVEL);
        try {
            assertThat(pages.getCodecName()).isEqualTo(CompressionCodecName.ZSTD);
            Random random = new Random(7);
            for (int size : new int[] {100, 3_000_000, 10, 0, 70_000}) {
                byte[] levels = new byte[] {4, 0, 0, 0, 1, 2, 3, 4};
                byte[] values = new byte[size];
                for (int i = 0; i < size; i++) {
                    values[i] = (byte) ('a' + random.nextInt(16)); // hex-like text: compressible, not trivially
                }
                BytesInput compressed = pages.compress(BytesInput.concat(BytesInput.from(levels), BytesInput.from(values)));
                byte[] frame = compressed.toByteArray();
                assertThat(Zstd.getFrameContentSize(frame)).isEqualTo(levels.length + size);
                byte[] page = Zstd.decompress(frame, levels.length + size);
                byte[] expected = new byte[levels.length + size];
                System.arraycopy(levels, 0, expected, 0, levels.length);
                System.arraycopy(values, 0, expected, levels.length, size);
                assertThat(page).isEqualTo(expected);
            }
        } finally {
            pages.release();
        }
    }
}
