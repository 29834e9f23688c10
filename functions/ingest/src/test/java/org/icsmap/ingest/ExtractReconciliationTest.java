package org.icsmap.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.domain.config.IcsConfigLoader;
import org.icsmap.domain.feed.Feed;
import org.icsmap.domain.feed.ReasonCode;
import org.icsmap.domain.costing.RowCost;
import org.icsmap.domain.costing.UnitCosts;
import org.icsmap.engine.ingest.AcceptedRow;
import org.icsmap.engine.ingest.ColumnLayout;
import org.icsmap.engine.ingest.ExtractRecord;
import org.icsmap.engine.ingest.ExtractRejectedException;
import org.icsmap.engine.ingest.ExtractSummary;
import org.icsmap.engine.ingest.ExtractValidator;
import org.icsmap.engine.ingest.RejectedRow;
import org.icsmap.engine.ingest.RowOutcome;
import org.icsmap.domain.reference.NationalPracticeList;
import org.icsmap.synthetic.Defect;
import org.icsmap.synthetic.GeneratorSettings;
import org.icsmap.synthetic.GroundTruth;
import org.icsmap.synthetic.SyntheticIcsGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads and validates every extract of a generated ICS and checks each row's fate against the
 * generator's ground truth: clean rows pass unflagged, each deliberate defect gets its reason code,
 * and per file every record is accepted, quarantined or dropped as a duplicate.
 */
class ExtractReconciliationTest {

    static final IcsConfig CONFIG = new IcsConfigLoader().load(Path.of("../../config/example-ics.yaml"));
    static final Pattern EXTRACT = Pattern.compile("([a-z_]+)_(\\d{4}-\\d{2})\\.csv(\\.gz)?");

    @TempDir
    static Path dir;
    static Map<String, List<GroundTruth.Row>> truthByFile = new HashMap<>();

    @BeforeAll
    static void generate() throws IOException {
        new SyntheticIcsGenerator(CONFIG).generate(GeneratorSettings.of(3_000, 42), dir);
        new GroundTruth(dir).forEachRow(row -> truthByFile.computeIfAbsent(row.file(), f -> new ArrayList<>()).add(row));
    }

    /** What the truth says should become of a row. */
    static String expected(Defect defect) {
        return switch (defect) {
            case NONE -> "accepted";
            case INVALID_NHS_NUMBER -> "accepted " + ReasonCode.NHS_NUMBER_INVALID;
            case MISSING_NHS_NUMBER -> "accepted " + ReasonCode.NHS_NUMBER_MISSING;
            case IMPOSSIBLE_DATE -> "rejected " + ReasonCode.DATE_INVALID;
            case UNKNOWN_PRACTICE -> "rejected " + ReasonCode.GP_PRACTICE_UNKNOWN;
            case MALFORMED_ROW -> "rejected " + ReasonCode.ROW_COLUMN_COUNT;
            case DUPLICATE_ROW -> "rejected " + ReasonCode.ROW_DUPLICATE;
        };
    }

    /** The same shape for what happened. */
    static String actual(RowOutcome outcome) {
        return switch (outcome) {
            case AcceptedRow row -> row.flags().isEmpty() ? "accepted"
                    : "accepted " + String.join(" ", row.flags().stream().map(Enum::name).sorted().toList());
            case RejectedRow row -> "rejected " + row.reason();
        };
    }

    /** For a surprise: every failure, so it says which column (never a value: failures carry none). */
    static String detail(RowOutcome outcome) {
        return outcome instanceof RejectedRow row ? " " + row.failures() : "";
    }

    @Test
    void everyRowOfEveryExtractEndsAsTheGroundTruthSays() throws Exception {
        Path extracts = dir.resolve("extracts");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(extracts)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThan(200);
        List<String> surprises = new ArrayList<>();
        Map<Defect, Integer> checked = new EnumMap<>(Defect.class);
        long rows = 0;
        for (Path file : files) {
            String relative = extracts.relativize(file).toString().replace('\\', '/');
            String provider = file.getParent().getFileName().toString();
            Matcher name = EXTRACT.matcher(file.getFileName().toString());
            assertThat(name.matches()).as(relative).isTrue();
            Feed feed = Feed.fromId(name.group(1)).orElseThrow();
            YearMonth period = YearMonth.parse(name.group(2));

            Map<Long, RowOutcome> outcomes = new HashMap<>();
            ExtractValidator validator = new ExtractValidator(feed.definition(), provider, period, CONFIG, NationalPracticeList.shipped());
            ExtractSummary summary;
            try (InputStream in = Files.newInputStream(file)) {
                summary = validator.validate(in, (ExtractRecord record, RowOutcome outcome) -> outcomes.put(record.number(),
                        outcome instanceof AcceptedRow row ? row.copy() : outcome)); // an accepted row is reused once the sink returns
            } catch (ExtractRejectedException e) {
                surprises.add(relative + ": whole file rejected " + e.reason() + ": " + e.getMessage());
                continue;
            }
            List<GroundTruth.Row> truth = truthByFile.getOrDefault(relative, List.of());
            assertThat(summary.records()).as(relative).isEqualTo(truth.size());
            assertThat(summary.accepted() + summary.quarantined() + summary.duplicates()).as(relative).isEqualTo(summary.records());
            assertThat(summary.physicalLines()).as(relative).isEqualTo(physicalLines(file));
            assertThat(summary.header().gzip()).as(relative).isEqualTo(relative.endsWith(".gz"));
            for (GroundTruth.Row row : truth) {
                String want = expected(row.defect());
                RowOutcome outcome = outcomes.get((long) row.record());
                String got = outcome == null ? "nothing" : actual(outcome);
                if (!want.equals(got)) {
                    surprises.add(relative + " record " + row.record() + " (" + row.activityId() + ", " + row.defect() + "): expected " + want
                            + ", got " + got + detail(outcome));
                }
                checked.merge(row.defect(), 1, Integer::sum);
            }
            rows += truth.size();
        }
        assertThat(surprises).as("rows whose fate differs from the ground truth (first 20 of %d)", surprises.size())
                .isEmpty();
        assertThat(rows).isGreaterThan(50_000);
        // Every kind of defect was generated, so every expectation above was exercised.
        assertThat(checked.keySet()).containsExactlyInAnyOrder(Defect.values());
    }

    /**
     * Every line of every activity extract, costed as ingest costs the rows it drops (the refresh's rule, from the
     * line's own fields), says what the truth says the line costs; and where the generator broke the line's structure
     * or a field its cost is computed from, the cost is unknown rather than a guess.
     */
    @Test
    void everyLineCostsWhatTheTruthSaysOrIsUnknownWhereTheGeneratorBrokeWhatItIsComputedFrom() throws Exception {
        Path extracts = dir.resolve("extracts");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(extracts)) {
            files = walk.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith("opt_out")).sorted().toList();
        }
        UnitCosts unitCosts = UnitCosts.shipped();
        List<String> surprises = new ArrayList<>();
        Map<String, Integer> checked = new TreeMap<>();
        for (Path file : files) {
            String relative = extracts.relativize(file).toString().replace('\\', '/');
            Matcher name = EXTRACT.matcher(file.getFileName().toString());
            assertThat(name.matches()).as(relative).isTrue();
            Feed feed = Feed.fromId(name.group(1)).orElseThrow();
            RowCost rowCost = new RowCost(feed.definition(), unitCosts);
            Map<Long, Optional<BigDecimal>> costs = new HashMap<>();
            ExtractValidator validator = new ExtractValidator(feed.definition(), file.getParent().getFileName().toString(),
                    YearMonth.parse(name.group(2)), CONFIG, NationalPracticeList.shipped());
            try (InputStream in = Files.newInputStream(file)) {
                validator.validate(in, new ExtractValidator.Sink() {
                    ColumnLayout layout;

                    @Override
                    public void layout(ColumnLayout layout) {
                        this.layout = layout;
                    }

                    @Override
                    public void accept(ExtractRecord record, RowOutcome outcome) {
                        costs.put(record.number(), record.wellFormed() && record.fields().size() == layout.width()
                                ? rowCost.of(layout.canonicalValues(record.fields())) : Optional.empty());
                    }
                });
            }
            for (GroundTruth.Row row : truthByFile.get(relative)) {
                Optional<BigDecimal> expected = row.costReadable() ? Optional.of(row.lineCost()) : Optional.empty();
                Optional<BigDecimal> actual = costs.get((long) row.record());
                if (!expected.equals(actual)) {
                    surprises.add(relative + " record " + row.record() + " (" + row.activityId() + ", " + row.defect() + "): expected "
                            + expected + ", got " + actual);
                }
                checked.merge(row.defect() + (row.costReadable() ? "" : " (unknown)"), 1, Integer::sum);
            }
        }
        assertThat(surprises.stream().limit(20).toList()).as("lines whose cost differs from the ground truth (first 20 of %d)", surprises.size())
                .isEmpty();
        // Every kind of line was costed, and some of them could not be.
        assertThat(checked).containsKeys("NONE", "DUPLICATE_ROW", "IMPOSSIBLE_DATE", "UNKNOWN_PRACTICE", "MALFORMED_ROW (unknown)",
                "IMPOSSIBLE_DATE (unknown)");
    }

    /** Line feeds, plus one if text follows the last, counted on the decompressed bytes. */
    static long physicalLines(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.toString().endsWith(".gz") ? new java.util.zip.GZIPInputStream(raw) : raw) {
            long lines = 0;
            int last = '\n';
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
                last = buffer[n - 1];
            }
            return last == '\n' ? lines : lines + 1;
        }
    }
}
