package org.icsmap.engine.curated;

import java.io.IOException;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageWriter;
import org.apache.parquet.column.statistics.SizeStatistics;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.column.statistics.geospatial.GeospatialStatistics;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * One INT32 (whole numbers, dates) or INT64 (money in pence) column of a curated file, written as Parquet v1 pages
 * straight to parquet-mr's page writer, as parquet-mr's own column writer would write it: dictionary-encoded
 * ({@code PLAIN_DICTIONARY}, falling back to {@code PLAIN} once the dictionary passes its page size) or {@code PLAIN}
 * for nearly unique columns, with each page's min, max and null count. Values are buffered per page and the
 * statistics taken once per page, not through a virtual call per value. Not thread-safe.
 */
final class NumberColumn {

    private final ColumnDescriptor descriptor;
    private final PrimitiveType type;
    private final boolean int64;
    private final boolean dictionaryEncoded;
    private final int pageRows;
    private final int dictionaryLimit;
    private final ParquetProperties properties;
    private PageWriter pages;

    // The row group's dictionary: open addressing on the value, ids in insertion order.
    private long[] keys = new long[256];
    private int[] keyIds = new int[256];
    private boolean[] used = new boolean[256];
    private long[] entries = new long[256];
    private int size;
    private boolean fallback;

    // The page being built.
    private final long[] values;
    private final int[] ids;
    private final byte[] defined;
    private int count;
    private int present;
    private final DefinitionLevels levels;
    /** Id encoders by bit width, reused page after page. */
    private final DictionaryIds idEncoding = new DictionaryIds();
    private long flushedBytes;

    NumberColumn(ColumnDescriptor descriptor, ParquetProperties properties, boolean dictionaryEncoded) {
        this.descriptor = descriptor;
        this.type = descriptor.getPrimitiveType();
        this.int64 = type.getPrimitiveTypeName() == PrimitiveTypeName.INT64;
        this.dictionaryEncoded = dictionaryEncoded;
        this.properties = properties;
        int bytesPerValue = int64 ? 8 : 4;
        this.pageRows = Math.min(properties.getPageRowCountLimit(), properties.getPageSizeThreshold() / bytesPerValue);
        this.dictionaryLimit = properties.getDictionaryPageSizeThreshold();
        this.values = new long[pageRows];
        this.ids = new int[pageRows + 8]; // room to pad the last group of 8 (DictionaryIds)
        this.defined = new byte[pageRows];
        this.levels = new DefinitionLevels(properties.getPageSizeThreshold(), properties.getAllocator());
    }

    void startRowGroup(PageWriter pageWriter) {
        this.pages = pageWriter;
        this.flushedBytes = 0;
    }

    void writeNull() throws IOException {
        defined[count++] = 0;
        if (count == pageRows) {
            writePage();
        }
    }

    void write(long value) throws IOException {
        defined[count++] = 1;
        values[present] = value;
        if (dictionaryEncoded && !fallback) {
            ids[present++] = idOf(value);
            if ((long) size * (int64 ? 8 : 4) > dictionaryLimit) {
                writePage();
                fallback = true;
                return;
            }
        } else {
            present++;
        }
        if (count == pageRows) {
            writePage();
        }
    }

    private int idOf(long value) {
        int mask = keys.length - 1;
        for (int slot = slot(value, mask); ; slot = slot + 1 & mask) {
            if (!used[slot]) {
                int id = size++;
                used[slot] = true;
                keys[slot] = value;
                keyIds[slot] = id;
                if (id == entries.length) {
                    entries = java.util.Arrays.copyOf(entries, id * 2);
                }
                entries[id] = value;
                if (size * 2 > keys.length) {
                    rehash();
                }
                return id;
            }
            if (keys[slot] == value) {
                return keyIds[slot];
            }
        }
    }

    private static int slot(long value, int mask) {
        long h = value * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 40) & mask;
    }

    private void rehash() {
        long[] oldKeys = keys;
        int[] oldIds = keyIds;
        boolean[] oldUsed = used;
        keys = new long[oldKeys.length * 2];
        keyIds = new int[oldKeys.length * 2];
        used = new boolean[oldKeys.length * 2];
        int mask = keys.length - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldUsed[i]) {
                int slot = slot(oldKeys[i], mask);
                while (used[slot]) {
                    slot = slot + 1 & mask;
                }
                used[slot] = true;
                keys[slot] = oldKeys[i];
                keyIds[slot] = oldIds[i];
            }
        }
    }

    long bufferedSize() {
        long page = (long) present * (dictionaryEncoded && !fallback ? 2 : int64 ? 8 : 4);
        long dictionary = dictionaryEncoded ? (long) size * (int64 ? 8 : 4) : 0;
        return flushedBytes + page + count / 8 + dictionary;
    }

    private void writePage() throws IOException {
        if (count == 0) {
            return;
        }
        BytesInput definitionLevels = levels.encode(defined, count);
        Statistics<?> statistics = Statistics.createStats(type);
        statistics.incrementNumNulls(count - present);
        if (present > 0) {
            long min = values[0];
            long max = values[0];
            for (int i = 1; i < present; i++) {
                long v = values[i];
                if (v < min) {
                    min = v;
                }
                if (v > max) {
                    max = v;
                }
            }
            if (int64) {
                statistics.updateStats(min);
                statistics.updateStats(max);
            } else {
                statistics.updateStats((int) min);
                statistics.updateStats((int) max);
            }
        }
        BytesInput data;
        Encoding encoding;
        if (dictionaryEncoded && !fallback && present > 0) {
            data = idEncoding.encode(ids, present, DictionaryIds.bitWidth(size));
            encoding = Encoding.PLAIN_DICTIONARY;
        } else {
            data = BytesInput.from(plain(values, present));
            encoding = Encoding.PLAIN;
        }
        long before = pages.getMemSize();
        pages.writePage(BytesInput.concat(definitionLevels, data), count, count, statistics,
                SizeStatistics.noopBuilder(type, descriptor.getMaxRepetitionLevel(), descriptor.getMaxDefinitionLevel()).build(),
                GeospatialStatistics.noopBuilder().build(), Encoding.BIT_PACKED, Encoding.RLE, encoding);
        flushedBytes += pages.getMemSize() - before;
        count = 0;
        present = 0;
    }

    /** PLAIN encoding: little-endian, 4 or 8 bytes a value. */
    private byte[] plain(long[] numbers, int n) {
        int width = int64 ? 8 : 4;
        byte[] out = new byte[n * width];
        for (int i = 0, at = 0; i < n; i++, at += width) {
            long v = numbers[i];
            for (int b = 0; b < width; b++) {
                out[at + b] = (byte) (v >>> 8 * b);
            }
        }
        return out;
    }

    void endRowGroup() throws IOException {
        writePage();
        if (dictionaryEncoded && size > 0) {
            pages.writeDictionaryPage(new DictionaryPage(BytesInput.from(plain(entries, size)), size, Encoding.PLAIN_DICTIONARY));
        }
        java.util.Arrays.fill(used, false);
        size = 0;
        fallback = false;
    }
}
