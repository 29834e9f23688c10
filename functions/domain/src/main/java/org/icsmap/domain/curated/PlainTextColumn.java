package org.icsmap.domain.curated;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.page.PageWriter;
import org.apache.parquet.column.statistics.SizeStatistics;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.column.statistics.geospatial.GeospatialStatistics;
import org.apache.parquet.schema.PrimitiveType;

/**
 * One nearly unique text column of a curated file (the pseudonym, activity and spell ids), written as Parquet v1
 * {@code PLAIN} pages straight to parquet-mr's page writer: each value's length and UTF-8 bytes appended to the page
 * buffer, no statistics (as for every text column, see {@link CuratedParquet}). Not thread-safe.
 */
final class PlainTextColumn {

    private final ColumnDescriptor descriptor;
    private final PrimitiveType type;
    private final int pageRows;
    private final int pageBytes;
    private PageWriter pages;

    private byte[] data = new byte[1 << 16];
    private int length;
    private final byte[] defined;
    private int count;
    private final DefinitionLevels levels;
    private long flushedBytes;

    PlainTextColumn(ColumnDescriptor descriptor, ParquetProperties properties) {
        this.descriptor = descriptor;
        this.type = descriptor.getPrimitiveType();
        this.pageRows = properties.getPageRowCountLimit();
        this.pageBytes = properties.getPageSizeThreshold();
        this.defined = new byte[pageRows];
        this.levels = new DefinitionLevels(pageBytes, properties.getAllocator());
    }

    void startRowGroup(PageWriter pageWriter) {
        this.pages = pageWriter;
        this.flushedBytes = 0;
    }

    /** One value: a String, its UTF-8 bytes (copied, so the caller may reuse the array), or null. */
    void write(Object value) throws IOException {
        if (value == null) {
            defined[count++] = 0;
        } else {
            defined[count++] = 1;
            if (value instanceof byte[] utf8) {
                append(utf8, utf8.length);
            } else {
                appendText((String) value);
            }
        }
        if (count == pageRows || length >= pageBytes) {
            writePage();
        }
    }

    /** A value given as its UTF-8 bytes {@code utf8[from, from + length)}, copied. */
    void write(byte[] utf8, int from, int length) throws IOException {
        defined[count++] = 1;
        ensure(4 + length);
        lengthPrefix(length);
        System.arraycopy(utf8, from, data, this.length, length);
        this.length += length;
        if (count == pageRows || this.length >= pageBytes) {
            writePage();
        }
    }

    /** A value of ASCII characters {@code chars[from, to)}: one byte each. */
    void writeAscii(char[] chars, int from, int to) throws IOException {
        defined[count++] = 1;
        int n = to - from;
        ensure(4 + n);
        lengthPrefix(n);
        byte[] out = data;
        int at = length;
        for (int i = from; i < to; i++) {
            out[at++] = (byte) chars[i];
        }
        length = at;
        if (count == pageRows || length >= pageBytes) {
            writePage();
        }
    }

    private void append(byte[] utf8, int n) {
        ensure(4 + n);
        lengthPrefix(n);
        System.arraycopy(utf8, 0, data, length, n);
        length += n;
    }

    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int): the low byte of each character, checked below
    private void appendText(String text) {
        int n = text.length();
        ensure(4 + n);
        int at = length + 4;
        text.getBytes(0, n, data, at);
        for (int i = at; i < at + n; i++) {
            if (data[i] < 0) { // not ASCII: encode it properly
                byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
                append(utf8, utf8.length);
                return;
            }
        }
        lengthPrefix(n);
        length += n;
    }

    private void lengthPrefix(int n) {
        data[length] = (byte) n;
        data[length + 1] = (byte) (n >>> 8);
        data[length + 2] = (byte) (n >>> 16);
        data[length + 3] = (byte) (n >>> 24);
        length += 4;
    }

    private void ensure(int more) {
        if (length + more > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, length + more));
        }
    }

    long bufferedSize() {
        return flushedBytes + length + count / 8;
    }

    private void writePage() throws IOException {
        if (count == 0) {
            return;
        }
        BytesInput definitionLevels = levels.encode(defined, count);
        long before = pages.getMemSize();
        pages.writePage(BytesInput.concat(definitionLevels, BytesInput.from(data, 0, length)), count, count, Statistics.noopStats(type),
                SizeStatistics.noopBuilder(type, descriptor.getMaxRepetitionLevel(), descriptor.getMaxDefinitionLevel()).build(),
                GeospatialStatistics.noopBuilder().build(), Encoding.BIT_PACKED, Encoding.RLE, Encoding.PLAIN);
        flushedBytes += pages.getMemSize() - before;
        length = 0;
        count = 0;
    }

    void endRowGroup() throws IOException {
        writePage();
    }
}
