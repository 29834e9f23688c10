package org.icsmap.domain.curated;

import static org.apache.parquet.schema.LogicalTypeAnnotation.dateType;
import static org.apache.parquet.schema.LogicalTypeAnnotation.decimalType;
import static org.apache.parquet.schema.LogicalTypeAnnotation.stringType;

import blue.strategic.parquet.Hydrator;
import blue.strategic.parquet.ParquetReader;
import blue.strategic.parquet.ParquetWriter;
import java.io.Closeable;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.icsmap.domain.feed.Feed;

/**
 * Curated Parquet files: schema from {@link CuratedSchema}, written with parquet-floor (Parquet without
 * Hadoop), Snappy-compressed. Dates are Parquet DATE (days), money DECIMAL(18,2) on INT64 — the types
 * Athena and Trino read as {@code date} and {@code decimal(18,2)}. The bytes depend only on the rows,
 * so the same input gives the same file.
 */
public final class CuratedParquet {

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

    /** Writes rows (values in {@link CuratedSchema#columns} order: String, Integer, LocalDate, BigDecimal or null). */
    public static Writer write(Feed feed, Path file) throws IOException {
        return new Writer(feed, file);
    }

    public static final class Writer implements Closeable {
        private final ParquetWriter<Object[]> parquet;
        private long rows;

        private Writer(Feed feed, Path file) throws IOException {
            List<CuratedColumn> columns = CuratedSchema.columns(feed);
            String[] names = columns.stream().map(CuratedColumn::name).toArray(String[]::new);
            parquet = ParquetWriter.writeFile(schema(feed), file.toFile(), (row, out) -> {
                for (int i = 0; i < names.length; i++) {
                    Object value = row[i];
                    if (value == null) {
                        continue;
                    }
                    out.write(names[i], switch (value) {
                        case LocalDate date -> (int) date.toEpochDay();
                        case BigDecimal money -> money.setScale(2).unscaledValue().longValueExact();
                        default -> value;
                    });
                }
            });
        }

        public void write(Object[] row) throws IOException {
            parquet.write(row);
            rows++;
        }

        public long rows() {
            return rows;
        }

        @Override
        public void close() throws IOException {
            parquet.close();
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
