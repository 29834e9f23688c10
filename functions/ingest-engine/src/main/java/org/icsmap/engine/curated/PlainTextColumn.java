package org.icsmap.engine.curated;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.page.PageWriter;
import org.apache.parquet.column.values.delta.DeltaBinaryPackingValuesWriterForInteger;
import org.apache.parquet.column.statistics.SizeStatistics;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.column.statistics.geospatial.GeospatialStatistics;
import org.apache.parquet.schema.PrimitiveType;

/**
 * One nearly unique text column of a curated file (the pseudonym, activity and spell ids), written as Parquet v1
 * pages in the {@code DELTA_LENGTH_BYTE_ARRAY} encoding straight to parquet-mr's page writer: the page's value lengths
 * first (delta-binary-packed by parquet-mr's writer: for the pseudonym, all 64, a few bytes a page), then its values'
 * UTF-8 bytes back to back. No statistics (as for every text column, see {@link CuratedParquet}). Not thread-safe.
 *
 * <p>Why not {@code PLAIN}: PLAIN puts a 4-byte length before every value, and in the pseudonym column those lengths
 * recur every 68 bytes among random hex digits. zstd stops at each as a short repeat match, and the page compressed at
 * ~450 MB/s; the same digits without the lengths compress at ~1,050 MB/s to the same size (half: 4 bits a hex digit).
 * Every reader icsmap's files meet decodes the encoding in v1 pages (parquet-mr, Trino and so Athena, DuckDB).
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
    /** The lengths of the page's values (nulls have none), and how many values. */
    private final int[] lengths;
    private int values;
    private final DeltaBinaryPackingValuesWriterForInteger lengthWriter;
    private final DefinitionLevels levels;
    private long flushedBytes;

    PlainTextColumn(ColumnDescriptor descriptor, ParquetProperties properties) {
        this.descriptor = descriptor;
        this.type = descriptor.getPrimitiveType();
        this.pageRows = properties.getPageRowCountLimit();
        this.pageBytes = properties.getPageSizeThreshold();
        this.defined = new byte[pageRows];
        this.lengths = new int[pageRows];
        this.lengthWriter = new DeltaBinaryPackingValuesWriterForInteger(4 * pageRows / 8, pageBytes, properties.getAllocator());
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
        ensure(length);
        lengths[values++] = length;
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
        ensure(n);
        lengths[values++] = n;
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
        ensure(n);
        lengths[values++] = n;
        System.arraycopy(utf8, 0, data, length, n);
        length += n;
    }

    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int): the low byte of each character, checked below
    private void appendText(String text) {
        int n = text.length();
        ensure(n);
        int at = length;
        text.getBytes(0, n, data, at);
        for (int i = at; i < at + n; i++) {
            if (data[i] < 0) { // not ASCII: encode it properly
                byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
                append(utf8, utf8.length);
                return;
            }
        }
        lengths[values++] = n;
        length += n;
    }

    private void ensure(int more) {
        if (length + more > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, length + more));
        }
    }

    long bufferedSize() {
        return flushedBytes + length + values + count / 8;
    }

    private void writePage() throws IOException {
        if (count == 0) {
            return;
        }
        BytesInput definitionLevels = levels.encode(defined, count);
        for (int i = 0; i < values; i++) {
            lengthWriter.writeInteger(lengths[i]);
        }
        long before = pages.getMemSize();
        pages.writePage(BytesInput.concat(definitionLevels, lengthWriter.getBytes(), BytesInput.from(data, 0, length)), count, count,
                Statistics.noopStats(type), SizeStatistics.noopBuilder(type, descriptor.getMaxRepetitionLevel(), descriptor.getMaxDefinitionLevel()).build(),
                GeospatialStatistics.noopBuilder().build(), Encoding.BIT_PACKED, Encoding.RLE, Encoding.DELTA_LENGTH_BYTE_ARRAY);
        flushedBytes += pages.getMemSize() - before;
        lengthWriter.reset(); // only now: the page store has compressed (copied) the page
        length = 0;
        count = 0;
        values = 0;
    }

    void endRowGroup() throws IOException {
        writePage();
    }
}
