package org.icsmap.engine.curated;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Compresses a curated file's pages with zstd (zstd-jni, as parquet-mr does), one page in one call through a
 * compression context kept for the whole file. parquet-mr's own ZSTD compressor opens a zstd stream per page: a
 * new native context each time, the page copied into the stream's window in 128 KB steps, and matches searched
 * across those steps by zstd's slower external-window path. The frames are ordinary zstd frames (with the
 * content size), which every Parquet reader decodes.
 *
 * <p>The returned bytes are valid until the next call, which is how parquet-mr's page store uses them: it copies
 * them before asking for the next page. Not thread-safe; {@link #release()} frees the native context.
 */
final class ZstdPages implements CompressionCodecFactory.BytesInputCompressor {

    private final ZstdCompressCtx context;
    private final PageBuffer page = new PageBuffer();
    private byte[] compressed = new byte[0];

    ZstdPages(int level) {
        context = new ZstdCompressCtx().setLevel(level).setContentSize(true).setChecksum(false);
    }

    @Override
    public BytesInput compress(BytesInput bytes) throws IOException {
        page.reset(Math.toIntExact(bytes.size()));
        bytes.writeAllTo(page);
        int bound = Math.toIntExact(Zstd.compressBound(page.size));
        if (compressed.length < bound) {
            compressed = new byte[Math.max(bound, compressed.length * 2)];
        }
        int size = context.compressByteArray(compressed, 0, compressed.length, page.bytes, 0, page.size);
        return BytesInput.from(compressed, 0, size);
    }

    @Override
    public CompressionCodecName getCodecName() {
        return CompressionCodecName.ZSTD;
    }

    @Override
    public void release() {
        context.close();
    }

    /** The page's uncompressed bytes, gathered from its parts (levels, values) into one array reused page after page. */
    private static final class PageBuffer extends OutputStream {
        byte[] bytes = new byte[0];
        int size;

        void reset(int expected) {
            if (bytes.length < expected) {
                bytes = new byte[Math.max(expected, bytes.length * 2)];
            }
            size = 0;
        }

        @Override
        public void write(int b) {
            ensure(1);
            bytes[size++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, bytes, size, len);
            size += len;
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(size + more, bytes.length * 2));
            }
        }
    }
}
