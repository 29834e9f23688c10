package org.icsmap.synthetic;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Reads a generated ICS's cleartext ground truth back. For tests only: it is the one place NHS
 * numbers and postcodes exist in the clear outside the providers' own extracts.
 */
public final class GroundTruth {

    /** A patient as generated. {@code place} is null for patients registered outside the ICS. */
    public record Person(int index, String nhsNumber, LocalDate dateOfBirth, String sex, String postcode, String lsoa, int imdDecile,
                         String gpPractice, String place, String careHome, List<String> conditions, double frailty, boolean optedOut) {
    }

    /**
     * One data line of one extract file. {@code person} is -1 for opt-out list lines; {@code trueCost}
     * is zero for a duplicate's repeat (the original line carries the cost), and {@code lineCost} is what the
     * line itself says it costs: {@code trueCost}, except that a duplicate's repeat, the same text as its original,
     * says what the original does. Opt-out list lines cost nothing.
     */
    public record Row(String file, int record, String feed, String provider, String period, String activityId, int person,
                      BigDecimal trueCost, boolean costSupplied, int bedDays, Defect defect, BigDecimal lineCost) {

        /** Whether the generator made the row invalid, so ingest must quarantine it (a duplicate is dropped, not quarantined). */
        public boolean quarantined() {
            return defect == Defect.IMPOSSIBLE_DATE || defect == Defect.UNKNOWN_PRACTICE || defect == Defect.MALFORMED_ROW;
        }

        /**
         * Whether the row's cost can be read from its line, as written: not when the generator broke the line's
         * structure ({@link Defect#MALFORMED_ROW}: a field too many, so no field is surely where the header says) or a
         * field the cost is computed from ({@link Defect#IMPOSSIBLE_DATE} in social care, whose period date is the
         * first day the weekly cost is paid for; the other feeds' period dates do not enter their cost).
         */
        public boolean costReadable() {
            return switch (defect) {
                case MALFORMED_ROW -> false;
                case IMPOSSIBLE_DATE -> !feed.equals("social_care");
                default -> true;
            };
        }
    }

    private final Path dir;

    public GroundTruth(Path generatedDir) {
        this.dir = generatedDir.resolve("truth");
    }

    public List<Person> persons() {
        List<Person> persons = new ArrayList<>();
        read("persons.csv.gz", f -> persons.add(new Person(Integer.parseInt(f[0]), f[1], LocalDate.parse(f[2]), f[3], f[4], f[5],
                Integer.parseInt(f[6]), f[7], f[8].isEmpty() ? null : f[8], f[9].isEmpty() ? null : f[9],
                f[10].isEmpty() ? List.of() : List.of(f[10].split(";")), Double.parseDouble(f[11]), Boolean.parseBoolean(f[12]))));
        return persons;
    }

    /** Streams every row (there can be millions), in the order they were written. */
    public void forEachRow(Consumer<Row> consumer) {
        Row[] previous = new Row[1];
        read("rows.csv.gz", f -> {
            String file = f[0];
            int record = Integer.parseInt(f[1]);
            String activityId = f[5];
            BigDecimal trueCost = new BigDecimal(f[7]);
            Defect defect = Defect.valueOf(f[10]);
            BigDecimal lineCost = trueCost;
            if (defect == Defect.DUPLICATE_ROW) {
                // The generator writes a repeat's truth line right after its original's.
                Row original = previous[0];
                if (original == null || !original.file().equals(file) || original.record() != record - 1
                        || !original.activityId().equals(activityId)) {
                    throw new IllegalStateException("the duplicate " + file + "#" + record + " does not follow its original in the truth");
                }
                lineCost = original.trueCost();
            }
            Row row = new Row(file, record, f[2], f[3], f[4], activityId, Integer.parseInt(f[6]), trueCost, Boolean.parseBoolean(f[8]),
                    Integer.parseInt(f[9]), defect, lineCost);
            previous[0] = row;
            consumer.accept(row);
        });
    }

    public List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        forEachRow(rows::add);
        return rows;
    }

    private void read(String name, Consumer<String[]> consumer) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(dir.resolve(name)),
                1 << 16), StandardCharsets.UTF_8))) {
            reader.readLine();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                consumer.accept(line.split(",", -1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
