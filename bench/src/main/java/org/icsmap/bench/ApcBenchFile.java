package org.icsmap.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.domain.feed.Feed;
import org.icsmap.domain.nhs.NhsNumber;
import org.icsmap.synthetic.GenerationSummary;
import org.icsmap.synthetic.GeneratorSettings;
import org.icsmap.synthetic.SyntheticIcsGenerator;

/**
 * The bench's input: one provider's {@code apc} extract for one month, of any number of rows, made from
 * the synthetic generator's output so that it validates like real data and keeps the generator's defect
 * mix (invalid and missing NHS numbers, impossible dates, unknown practices, malformed rows, exact
 * duplicates).
 *
 * <p>How: generate a population (about one person per ten rows wanted, 2,000 to 100,000), take RFS's
 * {@code apc} rows of all 24 months, and write them out again and again until there are enough rows:
 * <ul>
 *   <li>Every episode is moved into May 2024 by whole days: its end keeps its day of the month, and its
 *       admission, discharge and start move by the same number of days, so admission ≤ start ≤ end and
 *       the bed days still hold. A date of birth is kept unless it would now fall after the admission,
 *       when it moves with the episode. An impossible period date stays impossible (2024-05-32).</li>
 *   <li>Every row gets a fresh unique activity id; in the second and later passes the spell id gets the
 *       pass number. Each valid NHS number is replaced by another valid one of the synthetic range, a
 *       different one in each pass ({@link NhsNumbers}), so the file has many distinct patients rather
 *       than the same few thousand over and over, and no two patients share a number. Invalid or
 *       missing numbers stay as they were, so a defect stays a defect.</li>
 *   <li>A row that was an exact copy of the one before it (the generator's duplicate defect) is written
 *       as an exact copy of the row written before it.</li>
 * </ul>
 * The output is the canonical layout, comma-separated, LF line ends, no BOM. A matching national data
 * opt-out list (the generator's, mapped the same way for each pass) is written beside it.
 *
 * <p>Deterministic: the same rows and seed give the same bytes. Both files are cached in the data
 * directory under names that carry the rows, the seed and the builder's version, so reruns reuse them.
 */
public final class ApcBenchFile {

    public static final String PROVIDER = "RFS";
    public static final YearMonth PERIOD = YearMonth.of(2024, 5);
    /** Bump when the bytes the builder writes change, so stale caches are not reused. */
    static final int VERSION = 2;

    private static final int NHS = 0;
    private static final int DATE_OF_BIRTH = 1;
    private static final int ACTIVITY_ID = 6;
    private static final int SPELL_ID = 7;
    private static final int ADMISSION = 8;
    private static final int DISCHARGE = 9;
    private static final int EPISODE_START = 10;
    private static final int EPISODE_END = 11;

    /**
     * A built (or cached) bench file.
     *
     * @param apc        the extract
     * @param optOut     the matching opt-out list (one column, nhs_number)
     * @param rows       data rows in the extract (header excluded)
     * @param bytes      size of the extract
     * @param population people generated to make it
     * @param baseRows   distinct source rows (RFS apc over the generator's 24 months) it repeats
     * @param passes     how many times the source rows were written (the last pass may be partial)
     * @param optOutRows rows in the opt-out list
     * @param cached     whether it was already there
     * @param buildSeconds seconds it took to build (0 if cached)
     */
    public record Built(Path apc, Path optOut, long rows, long bytes, int population, int baseRows, int passes, long optOutRows,
                        boolean cached, double buildSeconds) {
    }

    private ApcBenchFile() {
    }

    /** The population generated for a file of this many rows. */
    static int populationFor(int rows) {
        return (int) Math.max(2_000, Math.min(100_000, rows / 10L));
    }

    /** Returns the cached file for these rows and seed, building it first if it is not there. */
    public static Built ensure(IcsConfig config, Path dataDir, int rows, long seed) throws IOException {
        if (rows < 1) {
            throw new IllegalArgumentException("--rows must be at least 1, not " + rows);
        }
        Files.createDirectories(dataDir);
        String stem = "r" + rows + "_s" + seed + "_v" + VERSION;
        Path apc = dataDir.resolve("apc_" + PROVIDER + "_" + PERIOD + "_" + stem + ".csv");
        Path optOut = dataDir.resolve("opt_out_" + stem + ".csv");
        Path manifest = dataDir.resolve("apc_" + PROVIDER + "_" + PERIOD + "_" + stem + ".properties");
        if (Files.isRegularFile(apc) && Files.isRegularFile(optOut) && Files.isRegularFile(manifest)) {
            Properties p = new Properties();
            try (var in = Files.newBufferedReader(manifest, StandardCharsets.UTF_8)) {
                p.load(in);
            }
            if (Long.parseLong(p.getProperty("bytes")) == Files.size(apc)) {
                return new Built(apc, optOut, Long.parseLong(p.getProperty("rows")), Files.size(apc), Integer.parseInt(p.getProperty("population")),
                        Integer.parseInt(p.getProperty("base_rows")), Integer.parseInt(p.getProperty("passes")),
                        Long.parseLong(p.getProperty("opt_out_rows")), true, 0);
            }
        }
        long started = System.nanoTime();
        int population = populationFor(rows);
        Path generated = dataDir.resolve("generated-" + stem);
        deleteTree(generated);
        GenerationSummary summary = new SyntheticIcsGenerator(config).generate(GeneratorSettings.of(population, seed), generated);
        if (summary.persons() != population) {
            throw new IllegalStateException("the generator made " + summary.persons() + " people, not " + population);
        }
        List<SourceRow> source = readSourceRows(generated.resolve("extracts").resolve(PROVIDER));
        if (source.isEmpty()) {
            throw new IllegalStateException("the generator wrote no " + PROVIDER + " apc rows");
        }
        List<String> optOutSource = readOptOuts(generated.resolve("extracts"));
        int passes = (int) ((rows + source.size() - 1L) / source.size());
        NhsNumbers numbers = new NhsNumbers(source, optOutSource, passes);

        Path apcTemp = dataDir.resolve(apc.getFileName() + ".tmp");
        try (Writer out = new BufferedWriter(Files.newBufferedWriter(apcTemp, StandardCharsets.UTF_8), 1 << 16)) {
            int written = writeApc(out, source, rows, numbers);
            if (written != passes) {
                throw new IllegalStateException(written + " passes, not " + passes);
            }
        }
        Path optOutTemp = dataDir.resolve(optOut.getFileName() + ".tmp");
        long optOutRows = 0;
        try (Writer out = new BufferedWriter(Files.newBufferedWriter(optOutTemp, StandardCharsets.UTF_8), 1 << 16)) {
            out.write("nhs_number\n");
            for (int pass = 0; pass < passes; pass++) {
                for (String number : optOutSource) {
                    out.write(numbers.map(number, pass));
                    out.write('\n');
                    optOutRows++;
                }
            }
        }
        Files.move(apcTemp, apc, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.move(optOutTemp, optOut, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(generated);
        Properties p = new Properties();
        p.setProperty("rows", Long.toString(rows));
        p.setProperty("bytes", Long.toString(Files.size(apc)));
        p.setProperty("population", Integer.toString(population));
        p.setProperty("base_rows", Integer.toString(source.size()));
        p.setProperty("passes", Integer.toString(passes));
        p.setProperty("opt_out_rows", Long.toString(optOutRows));
        p.setProperty("seed", Long.toString(seed));
        Path manifestTemp = dataDir.resolve(manifest.getFileName() + ".tmp");
        try (var w = Files.newBufferedWriter(manifestTemp, StandardCharsets.UTF_8)) {
            p.store(w, "icsmap bench ingest: the cached input file");
        }
        Files.move(manifestTemp, manifest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new Built(apc, optOut, rows, Files.size(apc), population, source.size(), passes, optOutRows, false,
                (System.nanoTime() - started) / 1e9);
    }

    /** One source record: its fields, and whether it was an exact copy of the record before it. */
    record SourceRow(String[] fields, boolean repeatsPrevious) {
    }

    /** Writes exactly {@code rows} records (plus the header) and returns the number of passes begun. */
    static int writeApc(Writer out, List<SourceRow> source, int rows, NhsNumbers numbers) throws IOException {
        List<String> header = Feed.APC.definition().header();
        out.write(String.join(",", header));
        out.write('\n');
        long activity = 0;
        int written = 0;
        int pass = 0;
        String previous = null;
        while (written < rows) {
            for (SourceRow row : source) {
                if (written == rows) {
                    break;
                }
                String line;
                if (row.repeatsPrevious() && previous != null) {
                    line = previous;
                } else {
                    line = join(redate(row.fields(), pass, ++activity, numbers));
                }
                out.write(line);
                out.write('\n');
                previous = line;
                written++;
            }
            pass++;
        }
        return pass;
    }

    /** One record moved into {@link #PERIOD}, with a fresh activity id, for pass {@code pass}. */
    static String[] redate(String[] source, int pass, long activity, NhsNumbers numbers) {
        String[] f = source.clone();
        f[ACTIVITY_ID] = PROVIDER + "-APC-" + String.format("%09d", activity);
        if (pass > 0) {
            f[SPELL_ID] = f[SPELL_ID] + "-P" + pass;
        }
        f[NHS] = numbers.map(f[NHS], pass);
        LocalDate end = date(f[EPISODE_END]);
        LocalDate start = date(f[EPISODE_START]);
        long shift;
        if (end != null) {
            shift = ChronoUnit.DAYS.between(end, PERIOD.atDay(end.getDayOfMonth()));
        } else if (start != null) {
            // The generator's impossible period date: keep it impossible, in this period.
            shift = ChronoUnit.DAYS.between(start, PERIOD.atDay(Math.min(start.getDayOfMonth(), PERIOD.lengthOfMonth())));
            f[EPISODE_END] = PERIOD + "-" + (PERIOD.lengthOfMonth() + 1);
        } else {
            return f;
        }
        for (int column : new int[] {ADMISSION, DISCHARGE, EPISODE_START, EPISODE_END}) {
            LocalDate d = date(f[column]);
            if (d != null) {
                f[column] = d.plusDays(shift).toString();
            }
        }
        LocalDate born = date(f[DATE_OF_BIRTH]);
        LocalDate admitted = date(f[ADMISSION]);
        LocalDate earliest = admitted != null ? admitted : date(f[EPISODE_START]);
        if (born != null && earliest != null && born.isAfter(earliest)) {
            f[DATE_OF_BIRTH] = born.plusDays(shift).toString();
        }
        return f;
    }

    /**
     * Gives each (patient, pass) its own valid NHS number: the patients' distinct valid numbers (from the
     * source rows and the opt-out list) are numbered in sorted order, and patient {@code i} in pass
     * {@code p} gets the {@code (p * patients + i)}-th valid number of an evenly spaced walk through the
     * synthetic range. So images never collide, within a pass or across passes, and the opt-out list
     * maps the same way as the rows.
     */
    static final class NhsNumbers {
        private final Map<String, Integer> index = new HashMap<>();
        private final long[] bases;
        private final int patients;

        NhsNumbers(List<SourceRow> source, List<String> optOuts, int passes) {
            TreeSet<String> distinct = new TreeSet<>();
            for (SourceRow row : source) {
                if (NhsNumber.isValid(row.fields()[NHS])) {
                    distinct.add(NhsNumber.standardise(row.fields()[NHS]));
                }
            }
            for (String number : optOuts) {
                if (NhsNumber.isValid(number)) {
                    distinct.add(NhsNumber.standardise(number));
                }
            }
            for (String number : distinct) {
                index.put(number, index.size());
            }
            patients = Math.max(1, distinct.size());
            long needed = (long) passes * patients;
            long first = NhsNumber.SYNTHETIC_FIRST / 10;
            long span = (NhsNumber.SYNTHETIC_LAST + 1) / 10 - first;
            // About one base in eleven has no check digit: leave room for them.
            long stride = Math.max(1, span / (needed + needed / 5 + 1));
            if (needed > Integer.MAX_VALUE - 8 || needed * 12 / 10 > span) {
                throw new IllegalArgumentException("too many rows for the synthetic NHS number range");
            }
            bases = new long[(int) needed];
            long base = first;
            for (int k = 0; k < bases.length; base += stride) {
                if (NhsNumber.checkDigit(Long.toString(base)) != 10) {
                    bases[k++] = base;
                }
            }
        }

        /** The number standing for {@code raw} in pass {@code pass}; a value that is not a valid NHS number is returned unchanged. */
        String map(String raw, int pass) {
            if (!NhsNumber.isValid(raw)) {
                return raw;
            }
            Integer i = index.get(NhsNumber.standardise(raw));
            if (i == null) {
                throw new IllegalStateException("an NHS number the builder did not index");
            }
            return NhsNumber.withCheckDigit(Long.toString(bases[pass * patients + i]));
        }
    }

    private static LocalDate date(String value) {
        if (value == null || value.length() != 10) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** RFS's apc rows, all months in period order; the generator's files may have a BOM and CRLF line ends. */
    static List<SourceRow> readSourceRows(Path providerDir) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(providerDir)) {
            files = list.filter(p -> p.getFileName().toString().matches("apc_\\d{4}-\\d{2}\\.csv")).sorted().toList();
        }
        List<String> header = Feed.APC.definition().header();
        List<SourceRow> rows = new ArrayList<>();
        for (Path file : files) {
            List<List<String>> records = Csv.parse(stripBom(Files.readString(file, StandardCharsets.UTF_8)), ',');
            if (records.isEmpty() || !records.getFirst().equals(header)) {
                throw new IllegalStateException(file + " is not in the canonical apc layout");
            }
            List<String> previous = null;
            for (List<String> record : records.subList(1, records.size())) {
                rows.add(new SourceRow(record.toArray(String[]::new), record.equals(previous)));
                previous = record;
            }
        }
        return rows;
    }

    /** The generator's national data opt-out list(s), standardised. */
    private static List<String> readOptOuts(Path extracts) throws IOException {
        List<String> numbers = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(extracts)) {
            files = walk.filter(p -> p.getFileName().toString().matches("opt_out_\\d{4}-\\d{2}\\.csv")).sorted().toList();
        }
        for (Path file : files) {
            List<List<String>> records = Csv.parse(stripBom(Files.readString(file, StandardCharsets.UTF_8)), ',');
            for (List<String> record : records.subList(Math.min(1, records.size()), records.size())) {
                String number = NhsNumber.standardise(record.getFirst());
                if (!number.isEmpty()) {
                    numbers.add(number);
                }
            }
        }
        return numbers;
    }

    private static String stripBom(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static String join(String[] fields) {
        StringBuilder line = new StringBuilder(256);
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                line.append(',');
            }
            Csv.appendField(line, fields[i], ',');
        }
        return line.toString();
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** Just enough CSV (RFC 4180 quoting, LF or CRLF) to read the generator's files back. */
    static final class Csv {
        private Csv() {
        }

        static List<List<String>> parse(String text, char delimiter) {
            List<List<String>> records = new ArrayList<>();
            List<String> record = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean any = false;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (quoted) {
                    if (c == '"') {
                        if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            quoted = false;
                        }
                    } else {
                        field.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                    any = true;
                } else if (c == delimiter) {
                    record.add(field.toString());
                    field.setLength(0);
                    any = true;
                } else if (c == '\n' || c == '\r') {
                    if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                        i++;
                    }
                    if (any || field.length() > 0) {
                        record.add(field.toString());
                        records.add(record);
                    }
                    record = new ArrayList<>();
                    field.setLength(0);
                    any = false;
                } else {
                    field.append(c);
                    any = true;
                }
            }
            if (any || field.length() > 0) {
                record.add(field.toString());
                records.add(record);
            }
            return records;
        }

        static void appendField(StringBuilder line, String value, char delimiter) {
            boolean quote = false;
            for (int i = 0; i < value.length() && !quote; i++) {
                char c = value.charAt(i);
                quote = c == delimiter || c == '"' || c == '\n' || c == '\r';
            }
            if (!quote) {
                line.append(value);
                return;
            }
            line.append('"').append(value.replace("\"", "\"\"")).append('"');
        }
    }
}
