package org.icsmap.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.domain.config.IcsConfigLoader;
import org.icsmap.domain.costing.UnitCosts;
import org.icsmap.domain.feed.Column;
import org.icsmap.domain.feed.Feed;
import org.icsmap.domain.feed.FeedDefinition;
import org.icsmap.domain.feed.Rule;
import org.icsmap.domain.nhs.NhsNumber;
import org.icsmap.domain.reference.NationalPracticeList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator's promises, checked by reading its files back with a real CSV parser and
 * reconciling them with the ground truth.
 */
class SyntheticIcsGeneratorTest {

    static final IcsConfig CONFIG = new IcsConfigLoader().load(Path.of("../config/example-ics.yaml"));
    static final int POPULATION = 6_000;

    @TempDir
    static Path dir;
    static GenerationSummary summary;
    static Map<String, List<CsvRecord>> extracts;
    static List<GroundTruth.Row> truthRows;
    static List<GroundTruth.Person> persons;

    @BeforeAll
    static void generate() throws IOException {
        summary = new SyntheticIcsGenerator(CONFIG).generate(GeneratorSettings.of(POPULATION, 42), dir);
        extracts = readExtracts(dir.resolve("extracts"));
        GroundTruth truth = new GroundTruth(dir);
        truthRows = truth.rows();
        persons = truth.persons();
    }

    @Test
    void sameSeedGivesByteIdenticalFilesAndAnotherSeedDoesNot(@TempDir Path a, @TempDir Path b, @TempDir Path c) throws Exception {
        GeneratorSettings settings = GeneratorSettings.of(1_500, 7);
        new SyntheticIcsGenerator(CONFIG).generate(settings, a);
        new SyntheticIcsGenerator(CONFIG).generate(settings, b);
        new SyntheticIcsGenerator(CONFIG).generate(GeneratorSettings.of(1_500, 8), c);
        Map<String, String> first = digests(a);
        assertThat(first).hasSizeGreaterThan(300);
        assertThat(digests(b)).isEqualTo(first);
        assertThat(digests(c)).isNotEqualTo(first);
    }

    @Test
    void everyExtractLineIsInTheTruthAndEveryTruthRowIsInItsExtract() {
        Map<String, Integer> truthCounts = new TreeMap<>();
        for (GroundTruth.Row row : truthRows) {
            truthCounts.merge(row.file(), 1, Integer::sum);
        }
        Map<String, Integer> fileCounts = new TreeMap<>();
        extracts.forEach((file, records) -> fileCounts.put(file, records.size()));
        assertThat(fileCounts).isEqualTo(truthCounts);
        assertThat(truthRows).hasSize((int) summary.totalRows());
        // Each truth row names its record: the activity id there matches.
        for (GroundTruth.Row row : truthRows) {
            if (!row.feed().equals("opt_out")) {
                CsvRecord record = extracts.get(row.file()).get(row.record() - 1);
                assertThat(field(row, record, "activity_id")).as(row.file() + "#" + row.record()).isEqualTo(row.activityId());
            }
        }
    }

    @Test
    void costsInTheFilesReconcileWithTheTruthToThePenny() {
        UnitCosts unitCosts = UnitCosts.shipped();
        BigDecimal truthTotal = BigDecimal.ZERO;
        BigDecimal fromFiles = BigDecimal.ZERO;
        for (GroundTruth.Row row : truthRows) {
            truthTotal = truthTotal.add(row.trueCost());
            if (row.defect() == Defect.DUPLICATE_ROW || row.feed().equals("opt_out")
                    || row.feed().equals("social_care") && row.defect() == Defect.IMPOSSIBLE_DATE) {
                fromFiles = fromFiles.add(row.trueCost()); // no cost of its own, or no real dates to pro-rate by
                continue;
            }
            CsvRecord record = extracts.get(row.file()).get(row.record() - 1);
            Feed feed = Feed.fromId(row.feed()).orElseThrow();
            BigDecimal cost;
            if (feed == Feed.SOCIAL_CARE) {
                int days = (int) (LocalDate.parse(field(row, record, "service_end_date")).toEpochDay()
                        - LocalDate.parse(field(row, record, "service_start_date")).toEpochDay()) + 1;
                cost = UnitCosts.weeklyCostFor(new BigDecimal(field(row, record, "weekly_cost")), days);
            } else if (row.costSupplied()) {
                cost = new BigDecimal(field(row, record, "cost"));
            } else {
                assertThat(field(row, record, "cost")).isEmpty();
                String code = switch (feed) {
                    case APC, OP, ED -> field(row, record, "hrg");
                    case COMMUNITY, MENTAL_HEALTH -> field(row, record, "service_code");
                    case AMBULANCE -> field(row, record, "outcome");
                    case GP -> field(row, record, "staff_role");
                    default -> throw new AssertionError(feed);
                };
                int bedDays = feed == Feed.MENTAL_HEALTH ? Integer.parseInt(field(row, record, "bed_days")) : 0;
                cost = unitCosts.costOf(unitCosts.find(feed, field(row, record, "pod"), code).orElseThrow(), bedDays);
            }
            assertThat(cost).as(row.file() + "#" + row.record()).isEqualByComparingTo(row.trueCost());
            fromFiles = fromFiles.add(cost);
        }
        assertThat(fromFiles).isEqualByComparingTo(truthTotal);
        assertThat(truthTotal.movePointRight(2).longValueExact()).isEqualTo(summary.totalCostPence());
    }

    @Test
    void defectsAreWhatTheTruthSaysAndAtTheConfiguredRates() {
        GeneratorSettings.DefectRates rates = GeneratorSettings.DefectRates.DEFAULT;
        Map<Defect, Integer> counts = new EnumMap<>(Defect.class);
        int activityRows = 0;
        NationalPracticeList practices = NationalPracticeList.shipped();
        for (GroundTruth.Row row : truthRows) {
            if (row.feed().equals("opt_out")) {
                continue;
            }
            activityRows++;
            counts.merge(row.defect(), 1, Integer::sum);
            List<CsvRecord> records = extracts.get(row.file());
            CsvRecord record = records.get(row.record() - 1);
            FeedDefinition definition = Feed.fromId(row.feed()).orElseThrow().definition();
            String nhs = field(row, record, "nhs_number");
            switch (row.defect()) {
                case NONE -> {
                    assertThat(NhsNumber.isValid(nhs)).as("clean row has a valid NHS number").isTrue();
                    assertThat(record.getFieldCount()).isEqualTo(definition.columns().size());
                    assertCleanValuesPassTheirRules(row, record, definition, practices);
                }
                case INVALID_NHS_NUMBER -> assertThat(NhsNumber.isValid(nhs)).isFalse();
                case MISSING_NHS_NUMBER -> assertThat(nhs).isEmpty();
                case IMPOSSIBLE_DATE -> assertThat(isRealDate(field(row, record, definition.periodDateColumn()))).isFalse();
                case UNKNOWN_PRACTICE -> assertThat(practices.contains(field(row, record, "gp_practice"))).isFalse();
                case MALFORMED_ROW -> assertThat(record.getFieldCount()).isEqualTo(definition.columns().size() + 1);
                case DUPLICATE_ROW -> assertThat(record.getFields()).isEqualTo(records.get(row.record() - 2).getFields());
            }
        }
        assertRate(counts, Defect.INVALID_NHS_NUMBER, rates.invalidNhsNumber(), activityRows);
        assertRate(counts, Defect.MISSING_NHS_NUMBER, rates.missingNhsNumber(), activityRows);
        assertRate(counts, Defect.IMPOSSIBLE_DATE, rates.impossibleDate(), activityRows);
        assertRate(counts, Defect.UNKNOWN_PRACTICE, rates.unknownPractice(), activityRows);
        assertRate(counts, Defect.MALFORMED_ROW, rates.malformedRow(), activityRows);
        assertRate(counts, Defect.DUPLICATE_ROW, rates.duplicateRow() / (1 + rates.duplicateRow()), activityRows);
    }

    @Test
    void aFewPatientsUseMostOfTheResources() {
        double[] costByPerson = new double[POPULATION];
        for (GroundTruth.Row row : truthRows) {
            if (row.person() >= 0) {
                costByPerson[row.person()] += row.trueCost().doubleValue();
            }
        }
        double total = Stream.of(costByPerson).flatMapToDouble(java.util.Arrays::stream).sum();
        double[] sorted = costByPerson.clone();
        java.util.Arrays.sort(sorted);
        double top20 = 0;
        for (int i = sorted.length - sorted.length / 5; i < sorted.length; i++) {
            top20 += sorted[i];
        }
        assertThat(top20 / total).as("share of cost used by the top 20%% of patients").isGreaterThanOrEqualTo(0.5);
    }

    @Test
    void thePopulationLooksLikeTheIcs() {
        assertThat(persons).hasSize(POPULATION);
        long optedOut = persons.stream().filter(GroundTruth.Person::optedOut).count();
        assertThat(optedOut / (double) POPULATION).isCloseTo(0.03, within(0.01));
        long outside = persons.stream().filter(p -> p.place() == null).count();
        assertThat(outside).isPositive().isEqualTo(summary.registeredOutOfArea());
        assertThat(persons).allSatisfy(p -> {
            assertThat(NhsNumber.isValid(p.nhsNumber())).isTrue();
            assertThat(NhsNumber.regionOf(p.nhsNumber())).isEqualTo(NhsNumber.Region.SYNTHETIC);
        });
        assertThat(persons.stream().map(GroundTruth.Person::nhsNumber).distinct().count()).isEqualTo(POPULATION);
        assertThat(persons.stream().filter(p -> p.careHome() != null).count()).isPositive();
        assertThat(persons.stream().map(GroundTruth.Person::place).distinct().count()).isEqualTo(9); // 8 places and "outside"
        for (String condition : List.of("COPD", "DIABETES", "DEPRESSION", "DEMENTIA", "HEART_FAILURE")) {
            assertThat(persons.stream().filter(p -> p.conditions().contains(condition)).count()).as(condition).isPositive();
        }
        // The opt-out list holds exactly the opted-out patients.
        List<String> listed = new ArrayList<>();
        extracts.entrySet().stream().filter(e -> e.getKey().startsWith("QJ2/opt_out")).forEach(e ->
                e.getValue().forEach(r -> listed.add(NhsNumber.standardise(r.getField(0)))));
        assertThat(listed).containsExactlyInAnyOrderElementsOf(persons.stream().filter(GroundTruth.Person::optedOut)
                .map(GroundTruth.Person::nhsNumber).toList());
    }

    @Test
    void everySettingAndEveryPeriodHasActivity() {
        for (Feed feed : Feed.values()) {
            assertThat(summary.rowsByFeed().getOrDefault(feed, 0L)).as(feed.id()).isPositive();
        }
        for (String provider : List.of("RFS", "RTG", "RY8", "RXM", "RX9", "830", "831", "RHQ", "QJ2")) {
            for (int m = 0; m < 24; m++) {
                String period = GeneratorSettings.DEFAULT_FIRST_MONTH.plusMonths(m).toString();
                assertThat(extracts.keySet().stream().anyMatch(f -> f.startsWith(provider + "/") && f.contains("_" + period)))
                        .as(provider + " " + period).isTrue();
            }
        }
        // Care-home residents fall and get urinary tract infections, and it shows at acute settings.
        assertThat(truthRows.stream().filter(r -> r.feed().equals("ed") && r.defect() == Defect.NONE)
                .map(r -> field(r, extracts.get(r.file()).get(r.record() - 1), "secondary_diagnoses")).filter(d -> d.contains("W19"))).isNotEmpty();
    }

    @Test
    void filesComeInTheStylesProvidersReallySend() throws IOException {
        Path extractsDir = dir.resolve("extracts");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(extractsDir)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        int bom = 0;
        int crlf = 0;
        for (Path file : files) {
            byte[] head = readHead(file);
            String text = new String(head, StandardCharsets.UTF_8);
            bom += text.startsWith("\uFEFF") ? 1 : 0;
            crlf += text.contains("\r\n") ? 1 : 0;
        }
        assertThat(bom).isBetween(files.size() / 20, files.size() / 3);
        assertThat(crlf).isBetween(files.size() / 20, files.size() / 2);
        assertThat(files).anyMatch(f -> f.toString().endsWith(".csv.gz"));
        String socialCareHeader = new String(readHead(extractsDir.resolve("830/social_care_2024-04.csv")), StandardCharsets.UTF_8);
        assertThat(socialCareHeader.replace("\uFEFF", "")).startsWith("nhs_number|date_of_birth|");
        String rtgHeader = new String(readHead(extractsDir.resolve("RTG/apc_2024-04.csv")), StandardCharsets.UTF_8).replace("\uFEFF", "");
        assertThat(rtgHeader).startsWith("ADMISSION_METHOD_HOSPITAL_PROVIDER_SPELL,DISCHARGE_DATE_HOSPITAL_PROVIDER_SPELL,");
    }

    // ---- helpers ----

    private static void assertCleanValuesPassTheirRules(GroundTruth.Row row, CsvRecord record, FeedDefinition definition,
                                                        NationalPracticeList practices) {
        for (Column column : definition.columns()) {
            String value = field(row, record, column.name());
            String where = row.file() + "#" + row.record() + " " + column.name() + "='" + value + "'";
            if (value.isEmpty()) {
                assertThat(column.required()).as(where + " is required").isFalse();
                continue;
            }
            switch (column.rule()) {
                case Rule.Codes codes -> assertThat(codes.allowed()).as(where).containsKey(value);
                case Rule.Matches matches -> assertThat(matches.pattern().matcher(value).matches()).as(where).isTrue();
                case Rule.WholeNumber n -> assertThat(Integer.parseInt(value)).as(where).isBetween(n.min(), n.max());
                case Rule.Money m -> assertThat(value).as(where).matches("[0-9]+\\.[0-9]{2}");
                case Rule.Date d -> {
                    assertThat(isRealDate(value)).as(where).isTrue();
                    if (d.inPeriod()) {
                        assertThat(value).as(where).startsWith(row.period());
                    }
                    if (d.notBefore() != null && !field(row, record, d.notBefore()).isEmpty()) {
                        assertThat(value.compareTo(field(row, record, d.notBefore()))).as(where).isGreaterThanOrEqualTo(0);
                    }
                }
                case Rule.DateOfBirth dob -> assertThat(isRealDate(value)).as(where).isTrue();
                case Rule.OdsCode ods -> assertThat(ods.scope() == Rule.OdsCode.Scope.GP_PRACTICE ? practices.contains(value)
                        : CONFIG.provider(value).isPresent()).as(where).isTrue();
                case Rule.NhsNumber nhs -> assertThat(NhsNumber.isValid(value)).as(where).isTrue();
                case Rule.Identifier id -> assertThat(value).as(where).matches("[\\x21-\\x7E]{1,64}");
                case Rule.FreeText text -> assertThat(value.length()).as(where).isLessThanOrEqualTo(text.maxLength());
            }
        }
    }

    private static void assertRate(Map<Defect, Integer> counts, Defect defect, double rate, int rows) {
        double expected = rate * rows;
        double tolerance = 4 * Math.sqrt(expected) + 2; // four standard deviations of a binomial count
        assertThat((double) counts.getOrDefault(defect, 0)).as(defect + " count").isCloseTo(expected, within(tolerance));
    }

    private static boolean isRealDate(String value) {
        try {
            LocalDate.parse(value);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** The value of a canonical column in a record, whatever the file's layout. */
    static String field(GroundTruth.Row row, CsvRecord record, String canonical) {
        Map<String, Integer> positions = LAYOUTS.computeIfAbsent(row.file(), f -> {
            List<CsvRecord> header = HEADERS.get(f);
            Feed feed = Feed.fromId(row.feed()).orElseThrow();
            var mapping = CONFIG.provider(row.provider()).flatMap(p -> p.columnMapping(feed));
            Map<String, Integer> byName = new HashMap<>();
            for (int i = 0; i < header.getFirst().getFieldCount(); i++) {
                byName.put(header.getFirst().getField(i), i);
            }
            Map<String, Integer> byCanonical = new HashMap<>();
            for (String column : feed.definition().header()) {
                String name = mapping.map(m -> m.providerColumnFor().get(column)).orElse(column);
                byCanonical.put(column, byName.get(name));
            }
            return byCanonical;
        });
        Integer position = positions.get(canonical);
        assertThat(position).as(row.file() + " has no column for " + canonical + " in " + HEADERS.get(row.file()).getFirst()).isNotNull();
        return record.getField(position);
    }

    private static final Map<String, Map<String, Integer>> LAYOUTS = new HashMap<>();
    private static final Map<String, List<CsvRecord>> HEADERS = new HashMap<>();

    private static Map<String, List<CsvRecord>> readExtracts(Path root) throws IOException {
        Map<String, List<CsvRecord>> all = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            String name = root.relativize(file).toString();
            char separator = name.startsWith("830/") || name.startsWith("831/") ? '|' : ',';
            try (InputStream raw = Files.newInputStream(file);
                 InputStream in = name.endsWith(".gz") ? new GZIPInputStream(raw) : raw;
                 CsvReader<CsvRecord> reader = CsvReader.builder().fieldSeparator(separator).detectBomHeader(true)
                         .ignoreDifferentFieldCount(true).ofCsvRecord(in, StandardCharsets.UTF_8)) {
                List<CsvRecord> records = new ArrayList<>();
                reader.forEach(records::add);
                HEADERS.put(name, List.of(records.getFirst()));
                all.put(name, records.subList(1, records.size()));
            }
        }
        return all;
    }

    private static byte[] readHead(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file); InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
            return in.readNBytes(4096);
        }
    }

    private static Map<String, String> digests(Path root) throws Exception {
        Map<String, String> digests = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path file : files) {
            digests.put(root.relativize(file).toString(),
                    HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))));
        }
        return digests;
    }
}
