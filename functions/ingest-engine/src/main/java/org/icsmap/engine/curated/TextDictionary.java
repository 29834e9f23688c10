package org.icsmap.engine.curated;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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

/**
 * One dictionary-encoded text column of a curated file, written as Parquet v1 pages straight to parquet-mr's
 * page writer: what parquet-mr's {@code DictionaryValuesWriter} would write (a {@code PLAIN_DICTIONARY}
 * dictionary page per row group, data pages of RLE definition levels and RLE/bit-packed dictionary ids, a
 * fall back to {@code PLAIN} pages once the dictionary passes the dictionary page size), without its cost per
 * value: parquet-mr hashes and compares every value's bytes again ({@code Binary.hashCode} is not cached), where
 * the values given here are Strings that cache their hash and mostly repeat as the very same instance, so a
 * lookup is one probe and a reference comparison.
 *
 * <p>Text columns have no min/max statistics in curated files (see {@link CuratedParquet}), so the pages carry
 * none, as parquet-mr's writer does with statistics switched off. Not thread-safe.
 */
final class TextDictionary {

    private final ColumnDescriptor descriptor;
    private final PrimitiveType type;
    private final int pageRows;
    private final int pageBytes;
    private final int dictionaryLimit;
    private final ParquetProperties properties;
    private PageWriter pages;

    // The dictionary of the row group: open addressing on the String's hash, ids in insertion order.
    private String[] keys = new String[64];
    /** The value looked up last and its id: the same instance again needs no lookup. */
    private String lastText;
    private int lastId;
    private int[] keyIds = new int[64];
    private byte[][] entries = new byte[64][];
    private int size;
    private long dictionaryBytes;
    /**
     * Dictionary ids by the caller's ids ({@link #write(String, int)}), -1 where not yet known; reset each row group. Caller
     * ids past {@value #MAX_CALLER_ID} go by the String.
     */
    private int[] byCallerId = new int[0];
    private int callerIdsUsed;
    static final int MAX_CALLER_ID = 1 << 16;
    /** Set once the dictionary outgrew its page: the rest of the row group is written PLAIN. */
    private boolean fallback;

    // The page being built.
    private int[] ids;
    private final byte[] defined;
    private int values;
    private int present;
    private final ByteArrayOutputStream plainValues = new ByteArrayOutputStream(1 << 16);
    private final DefinitionLevels levels;
    /** Id encoders by bit width, reused page after page. */
    private final DictionaryIds idEncoding = new DictionaryIds();
    /** Compressed bytes of this column handed to the page writer in the current row group. */
    private long flushedBytes;

    TextDictionary(ColumnDescriptor descriptor, ParquetProperties properties) {
        this.descriptor = descriptor;
        this.type = descriptor.getPrimitiveType();
        this.properties = properties;
        this.pageRows = properties.getPageRowCountLimit();
        this.pageBytes = properties.getPageSizeThreshold();
        this.dictionaryLimit = properties.getDictionaryPageSizeThreshold();
        this.ids = new int[pageRows + 8]; // room to pad the last group of 8 (DictionaryIds)
        this.defined = new byte[pageRows];
        this.levels = new DefinitionLevels(pageBytes, properties.getAllocator());
    }

    void startRowGroup(PageWriter pageWriter) {
        this.pages = pageWriter;
        this.flushedBytes = 0;
    }

    /** One value: a String, its UTF-8 bytes (copied), or null. */
    void write(Object value) throws IOException {
        if (value == null) {
            defined[values++] = 0;
        } else {
            defined[values++] = 1;
            if (fallback) {
                byte[] utf8 = value instanceof String text ? text.getBytes(StandardCharsets.UTF_8) : (byte[]) value;
                writePlain(utf8);
            } else {
                String text = value instanceof String s ? s : new String((byte[]) value, StandardCharsets.UTF_8);
                ids[present++] = idOf(text);
                if (dictionaryBytes > dictionaryLimit) {
                    writePage();
                    fallback = true;
                    return;
                }
            }
        }
        if (values == pageRows || fallback && plainValues.size() >= pageBytes) {
            writePage();
        }
    }

    /**
     * One value with the caller's id for it ({@code -1}: none): the same id always comes with the same String instance,
     * and no other value of this column. Known ids need no lookup (the String's hash lives in the String, and reading it
     * is a cache miss a row). The bytes written are those of {@link #write(Object)}.
     */
    void write(String value, int callerId) throws IOException {
        if (value == null || fallback || callerId < 0 || callerId >= MAX_CALLER_ID) {
            write(value);
            return;
        }
        if (callerId >= byCallerId.length) {
            int old = byCallerId.length;
            byCallerId = Arrays.copyOf(byCallerId, Math.min(MAX_CALLER_ID, Math.max(callerId + 1, old * 2)));
            Arrays.fill(byCallerId, old, byCallerId.length, -1);
        }
        int id = byCallerId[callerId];
        defined[values++] = 1;
        if (id < 0) {
            id = idOf(value);
            byCallerId[callerId] = id;
            callerIdsUsed = Math.max(callerIdsUsed, callerId + 1);
            ids[present++] = id;
            if (dictionaryBytes > dictionaryLimit) { // as write(Object): the rest of the row group goes PLAIN
                writePage();
                fallback = true;
                return;
            }
        } else {
            ids[present++] = id;
        }
        if (values == pageRows) {
            writePage();
        }
    }

    private void writePlain(byte[] utf8) {
        int length = utf8.length;
        plainValues.write(length);
        plainValues.write(length >>> 8);
        plainValues.write(length >>> 16);
        plainValues.write(length >>> 24);
        plainValues.write(utf8, 0, length);
        present++;
    }

    /** The value's id in this row group's dictionary, added if new. */
    private int idOf(String text) {
        if (text == lastText) { // a column often repeats the row before's value (the provider, the upload, a status)
            return lastId;
        }
        int id = lookUp(text);
        lastText = text;
        lastId = id;
        return id;
    }

    private int lookUp(String text) {
        int hash = text.hashCode();
        int mask = keys.length - 1;
        int slot = (hash ^ hash >>> 16) * 0x9E3779B1 >>> 7 & mask;
        while (true) {
            String key = keys[slot];
            if (key == text) {
                return keyIds[slot];
            }
            if (key == null) {
                break;
            }
            if (key.hashCode() == hash && key.equals(text)) {
                keys[slot] = text; // the newest instance: the next row most likely hands out the same one
                return keyIds[slot];
            }
            slot = slot + 1 & mask;
        }
        int id = size++;
        keys[slot] = text;
        keyIds[slot] = id;
        if (id == entries.length) {
            entries = Arrays.copyOf(entries, id * 2);
        }
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        entries[id] = utf8;
        dictionaryBytes += 4 + utf8.length;
        if (size * 2 > keys.length) {
            rehash();
        }
        return id;
    }

    private void rehash() {
        String[] oldKeys = keys;
        int[] oldIds = keyIds;
        keys = new String[oldKeys.length * 2];
        keyIds = new int[oldKeys.length * 2];
        int mask = keys.length - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            String key = oldKeys[i];
            if (key != null) {
                int hash = key.hashCode();
                int slot = (hash ^ hash >>> 16) * 0x9E3779B1 >>> 7 & mask;
                while (keys[slot] != null) {
                    slot = slot + 1 & mask;
                }
                keys[slot] = key;
                keyIds[slot] = oldIds[i];
            }
        }
    }

    /** Bytes this column holds for the current row group: pages written so far, the page being built, the dictionary. */
    long bufferedSize() {
        long page = fallback ? plainValues.size() : (long) present * 2;
        return flushedBytes + page + values / 8 + dictionaryBytes;
    }

    private void writePage() throws IOException {
        if (values == 0) {
            return;
        }
        BytesInput definitionLevels = levels.encode(defined, values);
        BytesInput data;
        Encoding encoding;
        if (fallback) {
            data = BytesInput.from(plainValues.toByteArray());
            encoding = Encoding.PLAIN;
        } else if (present == 0 || size == 0) {
            data = BytesInput.empty();
            encoding = Encoding.PLAIN; // nothing but nulls: no dictionary needed to read it
        } else {
            data = idEncoding.encode(ids, present, DictionaryIds.bitWidth(size));
            encoding = Encoding.PLAIN_DICTIONARY;
        }
        long before = pages.getMemSize();
        pages.writePage(BytesInput.concat(definitionLevels, data), values, values, Statistics.noopStats(type),
                SizeStatistics.noopBuilder(type, descriptor.getMaxRepetitionLevel(), descriptor.getMaxDefinitionLevel()).build(),
                GeospatialStatistics.noopBuilder().build(), Encoding.BIT_PACKED, Encoding.RLE, encoding);
        flushedBytes += pages.getMemSize() - before;
        plainValues.reset();
        values = 0;
        present = 0;
    }

    /** Ends the row group: its last page, then its dictionary page (parquet-mr's page writer puts that first in the file). */
    void endRowGroup() throws IOException {
        writePage();
        if (size > 0) {
            ByteArrayOutputStream plain = new ByteArrayOutputStream((int) dictionaryBytes);
            for (int id = 0; id < size; id++) {
                byte[] utf8 = entries[id];
                int length = utf8.length;
                plain.write(length);
                plain.write(length >>> 8);
                plain.write(length >>> 16);
                plain.write(length >>> 24);
                plain.write(utf8, 0, length);
            }
            pages.writeDictionaryPage(new DictionaryPage(BytesInput.from(plain.toByteArray()), size, Encoding.PLAIN_DICTIONARY));
        }
        Arrays.fill(keys, null);
        Arrays.fill(byCallerId, 0, callerIdsUsed, -1);
        callerIdsUsed = 0;
        lastText = null;
        Arrays.fill(entries, 0, size, null);
        size = 0;
        dictionaryBytes = 0;
        fallback = false;
    }
}
