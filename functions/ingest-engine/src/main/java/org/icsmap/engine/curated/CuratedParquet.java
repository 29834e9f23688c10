package org.icsmap.engine.curated;

import org.icsmap.domain.curated.CuratedSchema;
import org.icsmap.domain.curated.CuratedColumn;
import static org.apache.parquet.schema.LogicalTypeAnnotation.dateType;
import static org.apache.parquet.schema.LogicalTypeAnnotation.decimalType;
import static org.apache.parquet.schema.LogicalTypeAnnotation.stringType;

import blue.strategic.parquet.Hydrator;
import blue.strategic.parquet.ParquetReader;
import java.io.Closeable;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.page.PageWriter;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.icsmap.domain.feed.Column;
import org.icsmap.domain.feed.ColumnType;
import org.icsmap.domain.feed.Feed;
import org.icsmap.domain.feed.Handling;
import org.icsmap.domain.feed.Rule;

/**
 * Curated Parquet files: schema from {@link CuratedSchema}, written page by page by column writers of our own
 * into parquet-mr's page store and file writer (no Hadoop: parquet-floor supplies the few Hadoop classes it links
 * to), zstd-compressed. Dates are
 * Parquet DATE (days), money DECIMAL(18,2) on INT64 — the types Athena and Trino read as {@code date}
 * and {@code decimal(18,2)}. The bytes depend only on the rows, so the same input gives the same file.
 *
 * <p>Encoding choices, because ingest spends much of its time here (see functions/ingest/README.md):
 * <ul>
 *   <li>Dictionary encoding only where values repeat: not for the pseudonym, identifiers (activity and
 *       spell ids), money and the source line, which are nearly unique per row. A dictionary there is
 *       built, found useless once it passes the dictionary page size, and thrown away: pure cost.</li>
 *   <li>Format v1 data pages: dictionary/RLE where values repeat, PLAIN for nearly unique numbers and
 *       DELTA_LENGTH_BYTE_ARRAY for nearly unique text ({@link PlainTextColumn} says why), encodings every Parquet
 *       reader (Athena, Trino, DuckDB, Spark) reads, and cheaper to write than v2's other delta encodings; zstd then
 *       does the squeezing.</li>
 *   <li>No min/max statistics for text columns at all: for the nearly unique ones (pseudonyms, serial ids) a
 *       reader could prune nothing with them, and the others are codes whose row groups each hold most of the
 *       code list, so min and max span nearly everything (Trino can still skip a row group by its dictionary page).
 *       Dates, numbers and money keep theirs (cheap to keep, and a date range prunes row groups).</li>
 *   <li>Row groups of at most {@value #ROW_GROUP_BYTES} bytes: the writer holds one row group in memory,
 *       and ingest must fit a 1 GB Lambda.</li>
 * </ul>
 */
public final class CuratedParquet {

    /**
     * The zstd level of every page: 1 rather than parquet-mr's default 3. The pseudonym column (64 hex digits of a
     * hash a row) is most of what zstd reads and finds nothing to match in it either way, and level 1 gives up the
     * search sooner. Negative ("fast") levels leave literals uncompressed, and the file grows by two thirds.
     */
    static final int ZSTD_LEVEL = 1;

    /** Row group size: what the writer buffers before flushing; bounded for ingest's memory budget. */
    static final int ROW_GROUP_BYTES = 32 * 1024 * 1024;

    private CuratedParquet() {
    }

    public static MessageType schema(Feed feed) {
        Types.MessageTypeBuilder builder = Types.buildMessage();
        for (CuratedColumn column : CuratedSchema.columns(feed)) {
            switch (column.type()) {
                case STRING -> builder.optional(PrimitiveTypeName.BINARY).as(stringType()).named(column.name());
                case DATE -> builder.optional(PrimitiveTypeName.INT32).as(dateType()).named(column.name());
                case INTEGER -> builder.optional(PrimitiveTypeName.INT32).named(column.name());
                case MONEY -> builder.optional(PrimitiveTypeName.INT64).as(decimalType(2, 18)).named(column.name());
            }
        }
        return builder.named("curated_" + feed.id());
    }

    /**
     * Columns whose values are (nearly) unique per row, and so are written without a dictionary: the
     * pseudonym, the source line, money and every identifier the feed keeps.
     */
    static Set<String> nearlyUnique(Feed feed) {
        Set<String> names = new HashSet<>(Set.of(CuratedSchema.PERSON_ID, CuratedSchema.SOURCE_RECORD));
        for (Column column : feed.definition().columns()) {
            if (column.handling() == Handling.KEEP && (column.rule() instanceof Rule.Identifier || column.type() == ColumnType.MONEY)) {
                names.add(CuratedSchema.curatedName(column));
            }
        }
        names.retainAll(CuratedSchema.columns(feed).stream().map(CuratedColumn::name).toList()); // the opt-out list has no source line
        return names;
    }

    /**
     * Writes rows (values in {@link CuratedSchema#columns} order: String, Integer, LocalDate, BigDecimal or
     * null; a string column may also be given as a {@code byte[]} of its UTF-8 bytes, which is copied by the
     * time {@link Writer#write} returns, so the caller may reuse the array for the next row).
     */
    public static Writer write(Feed feed, Path file) throws IOException {
        return new Writer(feed, file, ROW_GROUP_BYTES);
    }

    /** As {@link #write(Feed, Path)} with row groups cut at {@code rowGroupBytes}: for tests of several row groups. */
    static Writer write(Feed feed, Path file, int rowGroupBytes) throws IOException {
        return new Writer(feed, file, rowGroupBytes);
    }

    /**
     * Writes one curated file, each column through a page writer of our own ({@link TextDictionary},
     * {@link PlainTextColumn}, {@link NumberColumn}) into parquet-mr's page store, which compresses the pages and
     * lays out the column chunks, column and offset indexes and footer. parquet-mr's column writers were the largest
     * share of ingest's time (a hash of every value's bytes for the dictionary, a virtual call per value for levels and
     * statistics); these write the same encodings — v1 pages, dictionary pages, RLE definition levels, min/max of
     * numbers and dates per page — from values buffered per page. A row group is cut when the columns hold
     * {@value #ROW_GROUP_BYTES} bytes.
     */
    public static final class Writer implements Closeable {
        /** Rows between checks of the buffered size: each check asks every column. */
        private static final int SIZE_CHECK_ROWS = 1_000;

        private final MessageType schema;
        private final String[] names;
        private final ParquetProperties properties;
        private final ZstdPages compressor;
        private final ParquetFileWriter file;
        private ColumnChunkPageWriteStore pages;
        /** Per column, exactly one of these three is set. */
        private final TextDictionary[] dictionaries;
        private final PlainTextColumn[] plainTexts;
        private final NumberColumn[] numbers;
        private final int rowGroupBytes;
        private long rows;
        private long rowsInGroup;
        private boolean closed;

        private Writer(Feed feed, Path path, int rowGroupBytes) throws IOException {
            this.rowGroupBytes = rowGroupBytes;
            schema = schema(feed);
            names = schema.getFields().stream().map(org.apache.parquet.schema.Type::getName).toArray(String[]::new);
            ParquetProperties.Builder builder = ParquetProperties.builder()
                    .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_1_0)
                    // Page-level size histograms (Parquet 2.10) help no reader Athena or Trino uses.
                    .withSizeStatisticsEnabled(false);
            for (String column : names) {
                if (schema.getType(column).asPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.BINARY) {
                    // See the class comment: min and max of text columns prune little (their pages carry none).
                    builder = builder.withStatisticsEnabled(column, false);
                }
            }
            properties = builder.build();
            Set<String> plain = nearlyUnique(feed);
            dictionaries = new TextDictionary[names.length];
            plainTexts = new PlainTextColumn[names.length];
            numbers = new NumberColumn[names.length];
            List<ColumnDescriptor> descriptors = schema.getColumns();
            for (int i = 0; i < names.length; i++) {
                boolean text = schema.getType(i).asPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.BINARY;
                if (text && plain.contains(names[i])) {
                    plainTexts[i] = new PlainTextColumn(descriptors.get(i), properties);
                } else if (text) {
                    dictionaries[i] = new TextDictionary(descriptors.get(i), properties);
                } else {
                    numbers[i] = new NumberColumn(descriptors.get(i), properties, !plain.contains(names[i]));
                }
            }
            compressor = new ZstdPages(ZSTD_LEVEL);
            file = new ParquetFileWriter(new LocalOutputFile(path), schema, ParquetFileWriter.Mode.OVERWRITE, rowGroupBytes, 0,
                    null, properties);
            file.start();
            startRowGroup();
        }

        private void startRowGroup() {
            pages = new ColumnChunkPageWriteStore(compressor, schema, properties.getAllocator(), properties.getColumnIndexTruncateLength(),
                    properties.getPageWriteChecksumEnabled());
            List<ColumnDescriptor> descriptors = schema.getColumns();
            for (int i = 0; i < names.length; i++) {
                PageWriter pageWriter = pages.getPageWriter(descriptors.get(i));
                if (dictionaries[i] != null) {
                    dictionaries[i].startRowGroup(pageWriter);
                } else if (plainTexts[i] != null) {
                    plainTexts[i].startRowGroup(pageWriter);
                } else {
                    numbers[i].startRowGroup(pageWriter);
                }
            }
            rowsInGroup = 0;
        }

        /** One row: every column is optional and flat, so a value has definition level 1 and a null 0. */
        public void write(Object[] row) throws IOException {
            for (int i = 0; i < names.length; i++) {
                Object value = row[i];
                if (dictionaries[i] != null) {
                    dictionaries[i].write(value);
                } else if (plainTexts[i] != null) {
                    plainTexts[i].write(value);
                } else {
                    NumberColumn column = numbers[i];
                    switch (value) {
                        case null -> column.writeNull();
                        case Integer number -> column.write(number);
                        case LocalDate date -> column.write(date.toEpochDay());
                        case BigDecimal money -> column.write(money.setScale(2).unscaledValue().longValueExact());
                        case Long unscaledPence -> column.write(unscaledPence);
                        default -> throw new IllegalArgumentException("column " + names[i] + ": cannot write a " + value.getClass().getSimpleName());
                    }
                }
            }
            endRow();
        }

        /*
         * A row written value by value, without an Object[] or a boxed number: ingest writes a million rows a file. Call
         * one of these per column, in column order, then endRow(). Each column takes only the kind of value its type has.
         */

        /** A text column's value (null for none). */
        public void text(int column, String value) throws IOException {
            if (dictionaries[column] != null) {
                dictionaries[column].write(value);
            } else {
                plainTexts[column].write(value);
            }
        }

        /**
         * A text column's value with an id: a number the caller gives this same value every time, and no other value of
         * the column (-1: none). A dictionary column then finds the value's entry by the id, without hashing the String.
         */
        public void text(int column, String value, int id) throws IOException {
            if (dictionaries[column] != null) {
                dictionaries[column].write(value, id);
            } else {
                plainTexts[column].write(value);
            }
        }

        /** A text column's value given as ASCII characters {@code chars[from, to)} (a pseudonym, an identifier), copied now. */
        public void ascii(int column, char[] chars, int from, int to) throws IOException {
            if (plainTexts[column] != null) {
                plainTexts[column].writeAscii(chars, from, to);
            } else {
                dictionaries[column].write(new String(chars, from, to - from));
            }
        }

        /** A text column's value given as its ASCII bytes, copied now. */
        public void ascii(int column, byte[] bytes) throws IOException {
            ascii(column, bytes, 0, bytes.length);
        }

        /** A text column's value given as ASCII bytes {@code bytes[from, from + length)}, copied now. */
        public void ascii(int column, byte[] bytes, int from, int length) throws IOException {
            if (plainTexts[column] != null) {
                plainTexts[column].write(bytes, from, length);
            } else {
                dictionaries[column].write(Arrays.copyOfRange(bytes, from, from + length));
            }
        }

        /** A number column's value: a whole number, a date's days since 1970-01-01, or money in pence. */
        public void number(int column, long value) throws IOException {
            numbers[column].write(value);
        }

        /** No value (null) in any column. */
        public void absent(int column) throws IOException {
            if (dictionaries[column] != null) {
                dictionaries[column].write(null);
            } else if (plainTexts[column] != null) {
                plainTexts[column].write(null);
            } else {
                numbers[column].writeNull();
            }
        }

        /** Ends a row written value by value. */
        public void endRow() throws IOException {
            endRows(1);
        }

        /**
         * Ends {@code count} rows written column by column: each column has been given {@code count} more values. A row
         * group is cut only here, between rows.
         */
        public void endRows(int count) throws IOException {
            long before = rowsInGroup;
            rows += count;
            rowsInGroup += count;
            if (before / SIZE_CHECK_ROWS != rowsInGroup / SIZE_CHECK_ROWS && bufferedSize() >= rowGroupBytes) {
                flushRowGroup();
                startRowGroup();
            }
        }

        public long rows() {
            return rows;
        }

        private long bufferedSize() {
            long size = 0;
            for (int i = 0; i < names.length; i++) {
                size += dictionaries[i] != null ? dictionaries[i].bufferedSize()
                        : plainTexts[i] != null ? plainTexts[i].bufferedSize() : numbers[i].bufferedSize();
            }
            return size;
        }

        private void flushRowGroup() throws IOException {
            try {
                if (rowsInGroup > 0) {
                    file.startBlock(rowsInGroup);
                    for (int i = 0; i < names.length; i++) {
                        if (dictionaries[i] != null) {
                            dictionaries[i].endRowGroup();
                        } else if (plainTexts[i] != null) {
                            plainTexts[i].endRowGroup();
                        } else {
                            numbers[i].endRowGroup();
                        }
                    }
                    pages.flushToFileWriter(file);
                    file.endBlock();
                }
            } finally {
                pages.close();
            }
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                flushRowGroup();
                file.end(Map.of());
            } finally {
                file.close();
                compressor.release();
            }
        }
    }

    /** Reads a curated file back as name → value maps (dates as LocalDate, money as BigDecimal). */
    public static void read(Feed feed, Path file, Consumer<Map<String, Object>> consumer) throws IOException {
        Map<String, CuratedColumn> byName = new HashMap<>();
        CuratedSchema.columns(feed).forEach(c -> byName.put(c.name(), c));
        Hydrator<Map<String, Object>, Map<String, Object>, String> hydrator = new Hydrator<>() {
            @Override
            public Map<String, Object> start() {
                return new HashMap<>();
            }

            @Override
            public Map<String, Object> add(Map<String, Object> row, String heading, Object value) {
                CuratedColumn column = byName.get(heading);
                row.put(heading, value == null || column == null ? value : switch (column.type()) {
                    case DATE -> LocalDate.ofEpochDay(((Number) value).longValue());
                    case MONEY -> BigDecimal.valueOf(((Number) value).longValue(), 2);
                    default -> value;
                });
                return row;
            }

            @Override
            public Map<String, Object> finish(Map<String, Object> row) {
                return row;
            }
        };
        try (Stream<Map<String, Object>> rows = ParquetReader.streamContent(file.toFile(), hydrator, columns -> columns[columns.length - 1])) {
            rows.forEach(consumer);
        }
    }
}
