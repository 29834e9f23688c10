package org.icsmap.engine.curated;

import org.icsmap.domain.curated.CuratedSchema;
import org.icsmap.domain.curated.CuratedColumn;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.io.LocalInputFile;
import org.icsmap.domain.feed.ColumnType;
import org.icsmap.domain.feed.Feed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CuratedParquetTest {

    private static final int ROWS = 20_000;

    @TempDir
    Path dir;

    @Test
    void everyValueComesBackAcrossSeveralRowGroups() throws IOException {
        Path file = dir.resolve("apc.parquet");
        List<Map<String, Object>> written = write(file);

        List<Map<String, Object>> read = new ArrayList<>();
        CuratedParquet.read(Feed.APC, file, read::add);

        assertThat(rowGroups(file)).as("a 64 KB row group limit cuts 20,000 rows into several").isGreaterThan(3);
        assertThat(read).hasSize(ROWS);
        read.sort((a, b) -> Integer.compare((Integer) a.get(CuratedSchema.SOURCE_RECORD), (Integer) b.get(CuratedSchema.SOURCE_RECORD)));
        for (int i = 0; i < ROWS; i++) {
            Map<String, Object> expected = new HashMap<>(written.get(i));
            expected.values().removeIf(v -> v == null);
            Map<String, Object> actual = new HashMap<>(read.get(i));
            actual.values().removeIf(v -> v == null);
            assertThat(actual).as("row %d", i).isEqualTo(expected);
        }
    }

    @Test
    void textColumnsWhoseDictionaryOutgrowsItsPageAreWrittenPlainAndReadBack() throws IOException {
        Path file = dir.resolve("unique.parquet");
        List<CuratedColumn> columns = CuratedSchema.columns(Feed.APC);
        List<Map<String, Object>> written = new ArrayList<>();
        try (CuratedParquet.Writer writer = CuratedParquet.write(Feed.APC, file, 8 * 1024 * 1024)) {
            for (int i = 0; i < ROWS; i++) {
                Object[] row = new Object[columns.size()];
                Map<String, Object> values = new HashMap<>();
                for (int c = 0; c < row.length; c++) {
                    CuratedColumn column = columns.get(c);
                    Object value = column.name().equals(CuratedSchema.SOURCE_RECORD) ? i : column.type() != ColumnType.STRING ? null
                            : i % 13 == 0 ? null : "%s-%06d-%s".formatted(column.name(), i, "x".repeat(100)); // 2 MB of distinct text a column
                    row[c] = value;
                    if (value != null) {
                        values.put(column.name(), value);
                    }
                }
                writer.write(row);
                written.add(values);
            }
        }
        List<Map<String, Object>> read = new ArrayList<>();
        CuratedParquet.read(Feed.APC, file, read::add);
        assertThat(read).hasSize(ROWS);
        read.sort((a, b) -> Integer.compare((Integer) a.get(CuratedSchema.SOURCE_RECORD), (Integer) b.get(CuratedSchema.SOURCE_RECORD)));
        for (int i = 0; i < ROWS; i++) {
            Map<String, Object> actual = new HashMap<>(read.get(i));
            actual.values().removeIf(v -> v == null);
            assertThat(actual).as("row %d", i).isEqualTo(written.get(i));
        }
    }

    @Test
    void numberColumnsWhoseDictionaryOutgrowsItsPageAreWrittenPlainAndReadBack() throws IOException {
        int rows = 300_000; // more distinct numbers than a 1 MB dictionary page holds (262,144 INT32 values)
        Path file = dir.resolve("numbers.parquet");
        List<CuratedColumn> columns = CuratedSchema.columns(Feed.APC);
        try (CuratedParquet.Writer writer = CuratedParquet.write(Feed.APC, file, 64 * 1024 * 1024)) {
            for (int i = 0; i < rows; i++) {
                Object[] row = new Object[columns.size()];
                for (int c = 0; c < row.length; c++) {
                    row[c] = switch (columns.get(c).type()) {
                        case INTEGER -> i % 17 == 0 ? null : i - 1000;
                        case DATE -> i % 19 == 0 ? null : LocalDate.ofEpochDay(i);
                        default -> null;
                    };
                }
                writer.write(row);
            }
        }
        List<Map<String, Object>> read = new ArrayList<>();
        CuratedParquet.read(Feed.APC, file, read::add);
        assertThat(read).hasSize(rows);
        read.sort((a, b) -> Integer.compare((Integer) a.get(CuratedSchema.SOURCE_RECORD) == null ? -1 : (Integer) a.get(CuratedSchema.SOURCE_RECORD),
                (Integer) b.get(CuratedSchema.SOURCE_RECORD) == null ? -1 : (Integer) b.get(CuratedSchema.SOURCE_RECORD)));
        int checked = 0;
        for (Map<String, Object> row : read) {
            Object line = row.get(CuratedSchema.SOURCE_RECORD);
            if (line == null) {
                continue;
            }
            int i = (Integer) line + 1000;
            assertThat(row.get(CuratedSchema.YEAR_OF_BIRTH)).isEqualTo(i - 1000);
            assertThat(row.get("admission_date")).isEqualTo(i % 19 == 0 ? null : LocalDate.ofEpochDay(i));
            checked++;
        }
        assertThat(checked).isEqualTo(rows - (rows + 16) / 17);
    }

    @Test
    void nearlyUniqueTextIsDeltaLengthEncodedAndCodesByDictionary() throws IOException {
        Path file = dir.resolve("encodings.parquet");
        write(file);
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
            for (BlockMetaData rowGroup : reader.getRowGroups()) {
                Map<String, Set<Encoding>> encodings = new HashMap<>();
                rowGroup.getColumns().forEach(chunk -> encodings.put(chunk.getPath().toDotString(), chunk.getEncodings()));
                assertThat(encodings.get(CuratedSchema.PERSON_ID)).contains(Encoding.DELTA_LENGTH_BYTE_ARRAY).doesNotContain(Encoding.PLAIN);
                assertThat(encodings.get("activity_id")).contains(Encoding.DELTA_LENGTH_BYTE_ARRAY);
                assertThat(encodings.get("hrg")).contains(Encoding.PLAIN_DICTIONARY).doesNotContain(Encoding.DELTA_LENGTH_BYTE_ARRAY);
            }
        }
    }

    @Test
    void theSameRowsGiveTheSameBytes() throws IOException {
        Path first = dir.resolve("first.parquet");
        Path second = dir.resolve("second.parquet");
        write(first);
        write(second);
        assertThat(Files.readAllBytes(second)).isEqualTo(Files.readAllBytes(first));
    }

    @Test
    void rowsWrittenValueByValueGiveTheBytesOfRowsWrittenAsObjects() throws IOException {
        Path objects = dir.resolve("objects.parquet");
        Path typed = dir.resolve("typed.parquet");
        write(objects);
        List<CuratedColumn> columns = CuratedSchema.columns(Feed.APC);
        Object[] row = new Object[columns.size()];
        try (CuratedParquet.Writer writer = CuratedParquet.write(Feed.APC, typed, 64 * 1024)) {
            for (int i = 0; i < ROWS; i++) {
                fill(row, columns, i, new byte[64]);
                for (int c = 0; c < row.length; c++) {
                    boolean asChars = c % 2 == 0; // both ways of giving text
                    boolean withId = i % 2 == 0; // and the dictionary's id path, half the time
                    switch (row[c]) {
                        case null -> writer.absent(c);
                        case byte[] ascii -> writer.ascii(c, ascii);
                        case String text when asChars -> writer.ascii(c, text.toCharArray(), 0, text.length());
                        case String text when withId -> writer.text(c, text, Integer.parseInt(text.substring(1))); // "v<n>": id n
                        case String text -> writer.text(c, text);
                        case Integer number -> writer.number(c, number);
                        case LocalDate date -> writer.number(c, date.toEpochDay());
                        case BigDecimal money -> writer.number(c, money.movePointRight(2).longValueExact());
                        default -> throw new IllegalStateException();
                    }
                }
                writer.endRow();
            }
            assertThat(writer.rows()).isEqualTo(ROWS);
        }
        assertThat(Files.readAllBytes(typed)).isEqualTo(Files.readAllBytes(objects));
    }

    /** Ids given with text values change nothing in the file, also once a dictionary outgrows its page and falls back to PLAIN. */
    @Test
    void textWrittenWithIdsGivesTheBytesOfTextWithout() throws IOException {
        List<CuratedColumn> columns = CuratedSchema.columns(Feed.APC);
        Path[] files = {dir.resolve("without.parquet"), dir.resolve("with.parquet")};
        for (int f = 0; f < files.length; f++) {
            try (CuratedParquet.Writer writer = CuratedParquet.write(Feed.APC, files[f], 8 * 1024 * 1024)) {
                for (int i = 0; i < ROWS; i++) {
                    for (int c = 0; c < columns.size(); c++) {
                        if (columns.get(c).type() != ColumnType.STRING) {
                            writer.absent(c);
                            continue;
                        }
                        // a quarter of the values repeat in every row group, the rest are new: ~2 MB of distinct text a column,
                        // so each row group's dictionary outgrows its page and the next row group starts a new one
                        int n = i % 4 == 0 ? i % 50 : i;
                        String value = i % 13 == 0 ? null : "%s-%06d-%s".formatted(columns.get(c).name(), n, "x".repeat(100));
                        if (f == 0) {
                            writer.text(c, value);
                        } else {
                            writer.text(c, value, value == null ? -1 : n);
                        }
                    }
                    writer.endRow();
                }
            }
        }
        assertThat(Files.readAllBytes(files[1])).isEqualTo(Files.readAllBytes(files[0]));
    }

    /**
     * Writes ROWS rows of every column type, row groups cut at 64 KB: text values repeating from row to
     * row (and across rows), the pseudonym as one byte[] overwritten for every row, and a null in every
     * column now and then. Returns what each row should read back as.
     */
    private static List<Map<String, Object>> write(Path file) throws IOException {
        List<CuratedColumn> columns = CuratedSchema.columns(Feed.APC);
        byte[] reused = new byte[64];
        List<Map<String, Object>> expected = new ArrayList<>();
        try (CuratedParquet.Writer writer = CuratedParquet.write(Feed.APC, file, 64 * 1024)) {
            for (int i = 0; i < ROWS; i++) {
                Object[] row = new Object[columns.size()];
                fill(row, columns, i, reused);
                Map<String, Object> values = new HashMap<>();
                for (int c = 0; c < row.length; c++) {
                    values.put(columns.get(c).name(), row[c] instanceof byte[] ascii ? new String(ascii, StandardCharsets.US_ASCII) : row[c]);
                }
                writer.write(row);
                expected.add(values);
            }
            assertThat(writer.rows()).isEqualTo(ROWS);
        }
        return expected;
    }

    /** Row {@code i} of {@link #write}: the pseudonym into {@code reused}. */
    private static void fill(Object[] row, List<CuratedColumn> columns, int i, byte[] reused) {
        for (int c = 0; c < row.length; c++) {
            CuratedColumn column = columns.get(c);
            if (column.name().equals(CuratedSchema.SOURCE_RECORD)) {
                row[c] = i;
            } else if ((i + c) % 11 == 0) {
                row[c] = null;
            } else if (column.name().equals(CuratedSchema.PERSON_ID)) {
                System.arraycopy("%064x".formatted(i * 7919L).getBytes(StandardCharsets.US_ASCII), 0, reused, 0, 64);
                row[c] = reused;
            } else {
                row[c] = switch (column.type()) {
                    case STRING -> "v" + (i / 3 + c) % 17; // repeats from one row to the next, and later
                    case INTEGER -> i % 97 - 40;
                    case DATE -> LocalDate.of(2024, 5, 1).plusDays(i % 31);
                    case MONEY -> BigDecimal.valueOf(i * 1013L, 2);
                };
            }
        }
    }

    private static int rowGroups(Path file) throws IOException {
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
            return reader.getRowGroups().size();
        }
    }
}
