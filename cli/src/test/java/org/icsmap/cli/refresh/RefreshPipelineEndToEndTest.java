package org.icsmap.cli.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.domain.config.IcsConfigLoader;
import org.icsmap.domain.config.ProviderKind;
import org.icsmap.domain.ingest.IngestReport;
import org.icsmap.engine.ingest.IngestService;
import org.icsmap.local.DirectoryObjectStore;
import org.icsmap.local.LocalKeyService;
import org.icsmap.domain.marts.MartDefinition;
import org.icsmap.domain.port.QueryEngine;
import org.icsmap.domain.port.SqlScript;
import org.icsmap.domain.pseudonymise.Pseudonymiser;
import org.icsmap.domain.reference.NationalPracticeList;
import org.icsmap.domain.reference.PostcodeLookup;
import org.icsmap.synthetic.Defect;
import org.icsmap.synthetic.GeneratorSettings;
import org.icsmap.synthetic.GroundTruth;
import org.icsmap.synthetic.SyntheticIcsGenerator;
import org.icsmap.local.trino.TrinoLocalQueryEngine;
import org.icsmap.sql.MartFiles;
import org.icsmap.sql.refresh.DisclosureControl;
import org.icsmap.sql.refresh.OrganisationOutputs;
import org.icsmap.sql.refresh.RefreshPipeline;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A synthetic ICS generated, ingested on the local adapters exactly as the demo does, then refreshed on the
 * in-process Trino with the production SQL; every mart is checked against the generator's ground truth before
 * disclosure control, and every shared mart for the disclosure rules after it.
 */
class RefreshPipelineEndToEndTest {

    static final IcsConfig CONFIG = new IcsConfigLoader().load(Path.of("../config/example-ics.yaml"));
    static final String BUCKET = "zones";
    static final String SNAPSHOT = "s20250401";

    @TempDir
    static Path root;
    static TrinoLocalQueryEngine engine;
    static RefreshPipeline pipeline;
    static RefreshPipeline.Snapshot snapshot;

    static Map<Integer, GroundTruth.Person> persons = new HashMap<>();
    static Map<String, Integer> personOfPseudonym = new HashMap<>();
    /** The rows that must be in curated: accepted, not dropped as a duplicate or opted out. */
    static List<Curated> curated = new ArrayList<>();
    /** Every upload's ingest report. */
    static List<IngestReport> reports = new ArrayList<>();
    /** The truth's cost of every activity line as written (a duplicate's repeat costs what its original does). */
    static BigDecimal everyLinesCost = BigDecimal.ZERO;
    /** The quarantined lines whose cost cannot be read from the line (the generator broke it), and their true cost. */
    static long unreadableQuarantinedLines;
    static BigDecimal unreadableQuarantinedCost = BigDecimal.ZERO;
    /** The diagnoses (primary;secondary) of every emergency care and admitted patient care line, by file#record, as the providers sent them. */
    static Map<String, String> diagnoses = new HashMap<>();

    /** A curated row as the truth knows it: who delivered it, whose it is (null when unlinked), its cost. */
    record Curated(String feed, String provider, String period, String organisation, int index, boolean linked, BigDecimal cost, int bedDays,
                   String file, int record) {
        /** The person, when the row is linked (it carried a valid NHS number). */
        Integer person() {
            return linked ? index : null;
        }
    }

    @BeforeAll
    static void generateIngestAndRefresh() throws IOException {
        Path generated = root.resolve("generated");
        new SyntheticIcsGenerator(CONFIG).generate(GeneratorSettings.of(3_000, 5).withMonths(YearMonth.of(2024, 4), 12), generated);
        GroundTruth truth = new GroundTruth(generated);
        DirectoryObjectStore store = new DirectoryObjectStore(root.resolve(BUCKET));
        LocalKeyService keys = new LocalKeyService(root.resolve("keys.p12"), "test".toCharArray());
        IngestService ingest = new IngestService(CONFIG, IngestService.Stores.allIn(store), keys, PostcodeLookup.shipped(),
                NationalPracticeList.shipped(), root.resolve("work"));
        List<Path> extracts;
        try (Stream<Path> walk = Files.walk(generated.resolve("extracts"))) {
            extracts = walk.filter(Files::isRegularFile).sorted().toList();
        }
        List<Path> ordered = new ArrayList<>(extracts.stream().filter(p -> p.getFileName().toString().startsWith("opt_out")).toList());
        extracts.stream().filter(p -> !ordered.contains(p)).forEach(ordered::add);
        for (Path extract : ordered) {
            String provider = extract.getParent().getFileName().toString();
            String name = extract.getFileName().toString();
            String feed = name.substring(0, name.lastIndexOf('_'));
            String period = name.substring(name.lastIndexOf('_') + 1, name.lastIndexOf('_') + 8);
            String key = "landing/provider=" + provider + "/feed=" + feed + "/period=" + period + "/u-" + period.replace("-", "")
                    + (name.endsWith(".gz") ? ".csv.gz" : ".csv");
            store.put(key, extract, Map.of());
            IngestReport report = ingest.ingest(key);
            assertThat(report.outcome()).as(key).isEqualTo(IngestReport.Outcome.ACCEPTED);
            reports.add(report);
        }

        for (Path extract : extracts) {
            String name = extract.getFileName().toString();
            if (name.startsWith("ed_") || name.startsWith("apc_")) {
                int primary = name.startsWith("ed_") ? 12 : 15;
                String file = generated.resolve("extracts").relativize(extract).toString();
                List<List<String>> records = ExtractCsv.read(extract);
                for (int r = 1; r < records.size(); r++) {
                    List<String> fields = records.get(r);
                    if (fields.size() > primary + 1) {
                        diagnoses.put(file + "#" + r, fields.get(primary) + ";" + fields.get(primary + 1));
                    }
                }
            }
        }

        Pseudonymiser pseudonymiser = Pseudonymiser.derive(keys);
        for (GroundTruth.Person person : truth.persons()) {
            persons.put(person.index(), person);
            personOfPseudonym.put(pseudonymiser.personId(person.nhsNumber()), person.index());
        }
        truth.forEachRow(row -> {
            if (row.feed().equals("opt_out")) {
                return;
            }
            everyLinesCost = everyLinesCost.add(row.lineCost());
            if (row.quarantined() && !row.costReadable()) {
                unreadableQuarantinedLines++;
                unreadableQuarantinedCost = unreadableQuarantinedCost.add(row.lineCost());
            }
            boolean linked = row.defect() == Defect.NONE;
            boolean kept = linked ? !persons.get(row.person()).optedOut()
                    : row.defect() == Defect.INVALID_NHS_NUMBER || row.defect() == Defect.MISSING_NHS_NUMBER;
            if (kept) {
                GroundTruth.Person person = persons.get(row.person());
                String organisation = row.feed().equals("gp") ? person.gpPractice() : row.provider();
                curated.add(new Curated(row.feed(), row.provider(), row.period(), organisation, row.person(), linked, row.trueCost(),
                        row.bedDays(), row.file(), row.record()));
            }
        });

        engine = TrinoLocalQueryEngine.start(root);
        pipeline = new RefreshPipeline(engine, CONFIG, BUCKET);
        snapshot = pipeline.run(SNAPSHOT);
        pipeline.publish(snapshot);
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    // ---- before suppression: every mart equals the ground truth ----

    @Test
    void totalCostOfEveryActivityEqualsTheCuratedRowsToThePenny() {
        BigDecimal expected = sum(curated);
        assertThat(value("SELECT sum(cost) FROM costed_activity_" + SNAPSHOT)).isEqualTo(expected);
        assertThat(value("SELECT count(*) FROM costed_activity_" + SNAPSHOT)).isEqualTo((long) curated.size());
        assertThat(value("SELECT count(*) FROM costed_activity_" + SNAPSHOT + " WHERE cost_source = 'uncosted'")).isEqualTo(0L);
        assertThat(value("SELECT cost FROM totals_by_organisation_" + SNAPSHOT + " WHERE organisation = 'TOTAL'")).isEqualTo(expected);
        assertThat(value("SELECT cost FROM cost_by_place_" + SNAPSHOT + " WHERE place = 'TOTAL'")).isEqualTo(expected);
        assertThat(value("SELECT sum(cost) FROM cost_by_practice_" + SNAPSHOT + " WHERE practice <> 'TOTAL'")).isEqualTo(expected);
        assertThat(value("SELECT sum(cost) FROM data_quality_coverage_" + SNAPSHOT + " WHERE period <> 'TOTAL'")).isEqualTo(expected);
        BigDecimal linked = sum(curated.stream().filter(c -> c.person() != null).toList());
        assertThat(value("SELECT sum(cost) FROM person_spine_" + SNAPSHOT)).isEqualTo(linked);
        assertThat(value("SELECT unlinked_cost FROM totals_by_organisation_" + SNAPSHOT + " WHERE organisation = 'TOTAL'"))
                .isEqualTo(expected.subtract(linked));
    }

    /**
     * The reconciliation of docs/marts.md: the cost in the marts plus what ingest reported for the rows it dropped (opted
     * out, quarantined, duplicates) is the cost of every line the providers sent, less the quarantined lines whose cost
     * could not be read, which ingest counts instead of pricing.
     */
    @Test
    void costInTheMartsPlusTheCostOfDroppedRowsIsTheCostOfEveryLineSentLessWhatCouldNotBeRead() {
        BigDecimal marts = (BigDecimal) value("SELECT cost FROM totals_by_organisation_" + SNAPSHOT + " WHERE organisation = 'TOTAL'");
        IngestReport.Costs dropped = reports.stream().map(IngestReport::costs).filter(java.util.Objects::nonNull)
                .reduce(IngestReport.Costs.NONE, IngestReport.Costs::plus);
        assertThat(dropped.optedOut()).isPositive();
        assertThat(dropped.quarantined()).isPositive();
        assertThat(dropped.duplicates()).isPositive();
        assertThat(dropped.quarantinedCostUnknownRows()).isEqualTo(unreadableQuarantinedLines).isPositive();
        assertThat(dropped.optedOutCostUnknownRows()).isZero();
        assertThat(dropped.duplicatesCostUnknownRows()).isZero();
        assertThat(marts.add(dropped.optedOut()).add(dropped.quarantined()).add(dropped.duplicates()))
                .isEqualTo(everyLinesCost.subtract(unreadableQuarantinedCost));
    }

    @Test
    void totalsByOrganisationEqualTheTruth() {
        Map<String, List<Curated>> byOrganisation = curated.stream().collect(Collectors.groupingBy(Curated::organisation));
        Map<String, List<Object>> expected = new TreeMap<>();
        byOrganisation.forEach((organisation, rows) -> expected.put(organisation, List.of((long) rows.size(), patients(rows), sum(rows),
                bedDays(rows), rows.stream().filter(r -> r.person() == null).count())));
        Map<String, List<Object>> actual = table("SELECT organisation, activities, patients, cost, bed_days, unlinked_activities FROM totals_by_organisation_"
                + SNAPSHOT + " WHERE organisation <> 'TOTAL'");
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void costBedDaysAndPatientsByPracticePcnAndPlaceEqualTheTruth() {
        Map<String, String> pcnOf = new HashMap<>();
        Map<String, String> placeOf = new HashMap<>();
        CONFIG.places().forEach(place -> place.pcns().forEach(pcn -> pcn.practices().forEach(practice -> {
            pcnOf.put(practice.ods(), pcn.code());
            placeOf.put(practice.ods(), place.code());
        })));
        Function<Curated, String> practice = c -> persons.get(personIndex(c)).gpPractice();
        assertThat(table("SELECT practice, patients, activities, cost, bed_days FROM cost_by_practice_" + SNAPSHOT + " WHERE practice <> 'TOTAL'"))
                .isEqualTo(expectedBy(practice));
        assertThat(table("SELECT pcn, patients, activities, cost, bed_days FROM cost_by_pcn_" + SNAPSHOT + " WHERE pcn <> 'TOTAL'"))
                .isEqualTo(expectedBy(c -> pcnOf.getOrDefault(practice.apply(c), "outside_ics")));
        assertThat(table("SELECT place, patients, activities, cost, bed_days FROM cost_by_place_" + SNAPSHOT + " WHERE place <> 'TOTAL'"))
                .isEqualTo(expectedBy(c -> placeOf.getOrDefault(practice.apply(c), "outside_ics")));
        // Per 1,000 registered patients, from the config's list sizes.
        IcsConfig.GpPractice first = CONFIG.practices().findFirst().orElseThrow();
        List<Object> row = table("SELECT practice, cost, registered_patients, cost_per_1000_registered FROM cost_by_practice_" + SNAPSHOT
                + " WHERE practice = '" + first.ods() + "'").get(first.ods());
        assertThat(row.get(1)).isEqualTo((long) first.listSize());
        assertThat((BigDecimal) row.get(2)).isEqualByComparingTo(((BigDecimal) row.get(0)).multiply(BigDecimal.valueOf(1000))
                .divide(BigDecimal.valueOf(first.listSize()), 2, java.math.RoundingMode.HALF_UP));
    }

    @Test
    void careHomeResidentsTheirCostAndBedDaysEqualTheTruth() {
        Map<Integer, List<Curated>> linked = linkedByPerson();
        Map<String, List<Object>> expected = new TreeMap<>();
        Map<String, List<Integer>> residents = new TreeMap<>();
        linked.forEach((person, rows) -> {
            String home = persons.get(person).careHome();
            if (home != null && rows.stream().anyMatch(r -> r.feed().equals("social_care"))) {
                residents.computeIfAbsent(home, h -> new ArrayList<>()).add(person);
            }
        });
        residents.forEach((home, people) -> {
            List<Curated> rows = people.stream().flatMap(p -> linked.get(p).stream()).toList();
            expected.put(home, List.of((long) people.size(), sum(rows), bedDays(rows)));
        });
        assertThat(residents).isNotEmpty();
        assertThat(table("SELECT care_home, residents, cost, bed_days FROM cost_by_care_home_" + SNAPSHOT + " WHERE care_home <> 'TOTAL'"))
                .isEqualTo(expected);
        // Falls (W00-W19) and UTIs (N39) at acute settings, from the diagnoses in the providers' own extracts.
        java.util.regex.Pattern fall = java.util.regex.Pattern.compile("(^|;)W(0[0-9]|1[0-9])");
        java.util.regex.Pattern uti = java.util.regex.Pattern.compile("(^|;)N39");
        Map<String, List<Object>> expectedAcute = new TreeMap<>();
        residents.forEach((home, people) -> {
            List<String> acute = people.stream().flatMap(p -> linked.get(p).stream())
                    .filter(r -> r.feed().equals("ed") || r.feed().equals("apc"))
                    .map(r -> java.util.Objects.requireNonNull(diagnoses.get(r.file() + "#" + r.record()), r.file() + "#" + r.record())).toList();
            expectedAcute.put(home, List.of(acute.stream().filter(d -> fall.matcher(d).find()).count(),
                    acute.stream().filter(d -> uti.matcher(d).find()).count()));
        });
        assertThat(table("SELECT care_home, falls_attendances, uti_attendances FROM cost_by_care_home_" + SNAPSHOT + " WHERE care_home <> 'TOTAL'"))
                .isEqualTo(expectedAcute);
        assertThat((Long) value("SELECT falls_attendances FROM cost_by_care_home_" + SNAPSHOT + " WHERE care_home = 'TOTAL'")).isPositive();
        assertThat((Long) value("SELECT uti_attendances FROM cost_by_care_home_" + SNAPSHOT + " WHERE care_home = 'TOTAL'")).isPositive();
    }

    @Test
    void patientsKnownToOneTwoThreeOrMoreOrganisationsAndAeOnlyEqualTheTruth() {
        Map<String, long[]> counts = new TreeMap<>();
        Map<String, BigDecimal> costs = new TreeMap<>();
        linkedByPerson().forEach((person, rows) -> {
            long organisations = rows.stream().map(Curated::organisation).distinct().count();
            String band = organisations >= 3 ? "3+" : Long.toString(organisations);
            String contact = rows.stream().allMatch(r -> r.feed().equals("ed")) ? "ae_only" : "other";
            for (String key : List.of("organisations/" + band, "contact/" + contact)) {
                counts.computeIfAbsent(key, k -> new long[1])[0]++;
                costs.merge(key, sum(rows), BigDecimal::add);
            }
        });
        Map<String, List<Object>> expected = new TreeMap<>();
        counts.forEach((key, n) -> expected.put(key, List.of(n[0], costs.get(key))));
        assertThat(table("SELECT category || '/' || band, patients, cost FROM organisations_known_to_" + SNAPSHOT + " WHERE band <> 'TOTAL'"))
                .isEqualTo(expected);
        assertThat(expected).containsKeys("organisations/1", "organisations/2", "organisations/3+", "contact/ae_only");
    }

    @Test
    void costConcentrationSharesEqualTheTruth() {
        List<BigDecimal> costs = linkedByPerson().values().stream().map(RefreshPipelineEndToEndTest::sum)
                .sorted(Comparator.reverseOrder()).toList();
        BigDecimal total = costs.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        Map<String, List<Object>> expected = new TreeMap<>();
        for (int percent : new int[] {1, 5, 20, 100}) {
            int k = (costs.size() * percent + 99) / 100;
            BigDecimal top = costs.subList(0, k).stream().reduce(BigDecimal.ZERO, BigDecimal::add);
            expected.put(percent == 100 ? "all" : "top_" + percent + "pct", List.of((long) k, top,
                    top.divide(total, 4, java.math.RoundingMode.HALF_UP)));
        }
        Map<String, List<Object>> actual = table("SELECT top_share, patients, cost, share_of_cost FROM cost_concentration_" + SNAPSHOT);
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        expected.forEach((share, e) -> {
            assertThat(actual.get(share).get(0)).as(share).isEqualTo(e.get(0));
            assertThat(actual.get(share).get(1)).as(share).isEqualTo(e.get(1));
            assertThat((BigDecimal) actual.get(share).get(2)).as(share).isEqualByComparingTo((BigDecimal) e.get(2));
        });
        // Heavy-tailed, as Derbyshire found: the top fifth of patients use most of the cost.
        assertThat((BigDecimal) expected.get("top_20pct").get(2)).isGreaterThan(new BigDecimal("0.5"));
    }

    @Test
    void costPerPersonByDeprivationDecileEqualsTheTruth() {
        Map<String, List<Curated>> byDecile = new TreeMap<>();
        Map<String, Set<Integer>> people = new TreeMap<>();
        linkedByPerson().forEach((person, rows) -> {
            String decile = Integer.toString(persons.get(person).imdDecile());
            byDecile.computeIfAbsent(decile, d -> new ArrayList<>()).addAll(rows);
            people.computeIfAbsent(decile, d -> new HashSet<>()).add(person);
        });
        Map<String, List<Object>> expected = new TreeMap<>();
        byDecile.forEach((decile, rows) -> expected.put(decile, List.of((long) people.get(decile).size(), sum(rows),
                sum(rows).divide(BigDecimal.valueOf(people.get(decile).size()), 2, java.math.RoundingMode.HALF_UP))));
        assertThat(table("SELECT imd_decile, patients, cost, cost_per_patient FROM cost_by_imd_decile_" + SNAPSHOT
                + " WHERE imd_decile <> 'TOTAL'")).isEqualTo(expected);
    }

    @Test
    void outOfAreaFlowsEqualTheTruth() {
        Set<String> outOfArea = CONFIG.providers().stream().filter(p -> p.kind() == ProviderKind.OUT_OF_AREA)
                .map(IcsConfig.Provider::ods).collect(Collectors.toSet());
        Map<String, List<Curated>> flows = new TreeMap<>();
        for (Curated c : curated) {
            String place = persons.get(personIndex(c)).place();
            if (outOfArea.contains(c.organisation()) && place != null) {
                flows.computeIfAbsent("outflow/" + place + "/" + c.organisation(), k -> new ArrayList<>()).add(c);
            } else if (!outOfArea.contains(c.organisation()) && place == null) {
                flows.computeIfAbsent("inflow/outside_ics/" + c.organisation(), k -> new ArrayList<>()).add(c);
            }
        }
        Map<String, List<Object>> expected = new TreeMap<>();
        flows.forEach((key, rows) -> expected.put(key, List.of(patients(rows), (long) rows.size(), sum(rows))));
        assertThat(expected.keySet()).anyMatch(k -> k.startsWith("outflow/")).anyMatch(k -> k.startsWith("inflow/"));
        assertThat(table("SELECT direction || '/' || place || '/' || organisation, patients, activities, cost FROM out_of_area_flows_"
                + SNAPSHOT + " WHERE organisation <> 'TOTAL'")).isEqualTo(expected);
    }

    @Test
    void conditionsComeOnlyFromRecordedDiagnosesAndAreCompleteForAdmittedPatients() {
        Map<Integer, List<Curated>> linked = linkedByPerson();
        QueryEngine.Result spine = engine.execute(SqlScript.of("spine", "SELECT person_id, copd, diabetes, depression, dementia, heart_failure FROM person_spine_"
                + SNAPSHOT));
        assertThat(spine.rows()).hasSize(linked.size());
        List<String> names = List.of("COPD", "DIABETES", "DEPRESSION", "DEMENTIA", "HEART_FAILURE");
        int admitted = 0;
        for (List<Object> row : spine.rows()) {
            int person = personOfPseudonym.get((String) row.get(0));
            Set<String> recorded = new TreeSet<>();
            for (int i = 0; i < names.size(); i++) {
                if ((Boolean) row.get(i + 1)) {
                    recorded.add(names.get(i));
                }
            }
            Set<String> truth = new TreeSet<>(persons.get(person).conditions());
            assertThat(truth).as("person %d", person).containsAll(recorded);
            if (linked.get(person).stream().anyMatch(r -> r.feed().equals("apc"))) {
                admitted++;
                assertThat(recorded).as("person %d", person).isEqualTo(truth);
            }
        }
        assertThat(admitted).isPositive();
        // Prevalence by practice adds up to prevalence by place, which adds up to the ICS total.
        assertThat(value("SELECT sum(patients) FROM condition_prevalence_by_practice_" + SNAPSHOT + " WHERE practice <> 'TOTAL'"))
                .isEqualTo(value("SELECT sum(patients) FROM condition_prevalence_by_place_" + SNAPSHOT + " WHERE place <> 'TOTAL'"));
    }

    @Test
    void dataQualityCountsEveryRowByProviderFeedAndPeriodAndMissesNothing() {
        Map<String, List<Curated>> byPartition = curated.stream()
                .collect(Collectors.groupingBy(c -> c.provider() + "/" + c.feed() + "/" + c.period(), TreeMap::new, Collectors.toList()));
        Map<String, List<Object>> expected = new TreeMap<>();
        byPartition.forEach((key, rows) -> expected.put(key, List.of((long) rows.size(),
                rows.stream().filter(r -> r.person() == null).count(), sum(rows))));
        assertThat(table("SELECT provider || '/' || feed || '/' || period, received_rows, unlinked_rows, cost FROM data_quality_coverage_"
                + SNAPSHOT + " WHERE status = 'received'")).isEqualTo(expected);
        // Every agreed provider and feed sent every month here, except the out-of-area trust for months nobody went there.
        assertThat(value("SELECT count(*) FROM data_quality_coverage_" + SNAPSHOT + " WHERE status = 'missing' AND provider <> 'RHQ'"))
                .isEqualTo(0L);
    }

    // ---- after suppression ----

    @Test
    void everySharedMartShowsNoCountFromOneToNAndEveryCountIsAMultipleOfM() {
        DisclosureControl rules = new DisclosureControl(CONFIG.disclosureControl());
        int suppressed = 0;
        for (MartDefinition mart : MartFiles.shared()) {
            QueryEngine.Result shared = engine.execute(SqlScript.of("shared", "SELECT * FROM shared_" + mart.name()));
            QueryEngine.Result raw = engine.execute(SqlScript.of("raw", "SELECT * FROM " + mart.name() + "_" + SNAPSHOT));
            assertThat(shared.rows()).as(mart.name()).hasSameSizeAs(raw.rows()).isNotEmpty();
            assertThat(shared.columns().stream().map(QueryEngine.Column::name).toList()).as(mart.name())
                    .isEqualTo(raw.columns().stream().map(QueryEngine.Column::name).toList());
            for (MartDefinition.Measure count : mart.counts()) {
                int c = shared.columnIndex(count.name());
                for (List<Object> row : shared.rows()) {
                    Long n = (Long) row.get(c);
                    if (n == null) {
                        suppressed++;
                        for (MartDefinition.Measure m : mart.measures()) {
                            if (count.name().equals(m.linkedCount())) {
                                assertThat(row.get(shared.columnIndex(m.name()))).as(mart.name() + " " + m.name() + " of a hidden " + count.name())
                                        .isNull();
                            }
                        }
                    } else {
                        assertThat(n >= 1 && n <= rules.suppressAtOrBelow()).as(mart.name() + "." + count.name() + " = " + n + " is in 1..N").isFalse();
                        assertThat(n % rules.roundTo()).as(mart.name() + "." + count.name() + " = " + n).isZero();
                    }
                }
            }
        }
        assertThat(suppressed).as("cells suppressed across the shared marts").isPositive();
    }

    @Test
    void noSuppressedCellCanBeRecoveredFromItsGroupTotal() {
        DisclosureControl rules = new DisclosureControl(CONFIG.disclosureControl());
        int groupsChecked = 0;
        int secondary = 0;
        for (MartDefinition mart : MartFiles.shared()) {
            if (mart.totalColumn().isEmpty()) {
                continue;
            }
            QueryEngine.Result shared = engine.execute(SqlScript.of("shared", "SELECT * FROM shared_" + mart.name()));
            int total = shared.columnIndex(mart.totalColumn().get());
            // the unsuppressed row of each cell, by the cell's dimensions
            Map<String, List<Object>> raw = new HashMap<>();
            engine.execute(SqlScript.of("raw", "SELECT * FROM " + mart.name() + "_" + SNAPSHOT)).rows()
                    .forEach(r -> raw.put(mart.name() + r.subList(0, mart.dimensions().size()), r));
            for (MartDefinition.Measure count : mart.counts()) {
                int c = shared.columnIndex(count.name());
                Map<List<Object>, List<List<Object>>> groups = shared.rows().stream().collect(Collectors.groupingBy(
                        row -> mart.groupColumns().stream().map(g -> row.get(shared.columnIndex(g))).toList()));
                for (var group : groups.entrySet()) {
                    List<List<Object>> cells = group.getValue().stream().filter(r -> !MartDefinition.TOTAL.equals(r.get(total))).toList();
                    Object groupTotal = group.getValue().stream().filter(r -> MartDefinition.TOTAL.equals(r.get(total))).findFirst()
                            .map(r -> r.get(c)).orElse(null);
                    long hidden = cells.stream().filter(r -> r.get(c) == null).count();
                    secondary += (int) cells.stream().filter(r -> r.get(c) == null && raw.get(mart.name() + r.subList(0, mart.dimensions().size())).get(c) instanceof Long n
                            && n > rules.suppressAtOrBelow()).count();
                    if (groupTotal != null) {
                        groupsChecked++;
                        assertThat(hidden).as(mart.name() + "." + count.name() + " in group " + group.getKey()
                                + ": one hidden cell would be the total minus the others").isNotEqualTo(1L);
                    }
                }
            }
        }
        assertThat(groupsChecked).isPositive();
        assertThat(secondary).as("cells hidden only to protect another").isPositive();
    }

    @Test
    void aDifferencingAttackOnThePublishedMartsRecoversNoSuppressedCell() {
        Map<MartDefinition, List<Map<String, Object>>> published = new LinkedHashMap<>();
        int hidden = 0;
        for (MartDefinition mart : MartFiles.shared()) {
            List<Map<String, Object>> rows = rowsOf("SELECT * FROM shared_" + mart.name());
            published.put(mart, rows);
            hidden += (int) rows.stream().flatMap(r -> mart.counts().stream().filter(c -> r.get(c.name()) == null)).count();
        }
        assertThat(hidden).as("hidden counts across the shared marts").isPositive();
        List<DifferencingAttack.Recovered> recovered = new DifferencingAttack(published, IDENTITIES, RATES).run();
        assertThat(recovered).as("hidden values the published totals give away").isEmpty();
    }

    @Test
    void theSameAttackRecoversCellsWhenOnlySmallCountsAreHidden() {
        // The control: primary suppression alone (no secondary), on the same marts. The attack must find cells and
        // get their exact values back, or the test above proves nothing.
        DisclosureControl rules = new DisclosureControl(CONFIG.disclosureControl());
        Map<MartDefinition, List<Map<String, Object>>> primaryOnly = new LinkedHashMap<>();
        Map<DifferencingAttack.Cell, Object> raw = new HashMap<>();
        for (MartDefinition mart : MartFiles.shared()) {
            List<Map<String, Object>> rows = rowsOf("SELECT * FROM " + mart.name() + "_" + SNAPSHOT);
            List<Map<String, Object>> hidden = new ArrayList<>();
            for (Map<String, Object> row : rows) {
                Map<String, Object> copy = new HashMap<>(row);
                for (MartDefinition.Measure m : mart.measures()) {
                    raw.put(new DifferencingAttack.Cell(mart.name(), mart.dimensions().stream().map(row::get).toList(), m.name()), row.get(m.name()));
                    String count = m.kind() == MartDefinition.Measure.Kind.COUNT ? m.name() : m.linkedCount();
                    if (count != null && row.get(count) instanceof Long n && n >= 1 && n <= rules.suppressAtOrBelow()) {
                        copy.put(m.name(), null);
                    }
                }
                hidden.add(copy);
            }
            primaryOnly.put(mart, hidden);
        }
        List<DifferencingAttack.Recovered> recovered = new DifferencingAttack(primaryOnly, IDENTITIES, RATES).run();
        List<DifferencingAttack.Recovered> costs = recovered.stream().filter(r -> r.cell().column().equals("cost")).toList();
        assertThat(costs).as("suppressed costs recovered by differencing").isNotEmpty();
        costs.forEach(r -> assertThat(r.value()).as(r.cell().toString()).isEqualByComparingTo((BigDecimal) raw.get(r.cell())));
    }

    /** Ratios: no total adds them up (and each is hidden with the count it is linked to). */
    static final Set<String> RATES = Set.of("cost_per_1000_registered", "bed_days_per_1000_registered", "share_of_cost");

    /** Numbers the shared marts publish twice: the practice ⊂ PCN ⊂ place hierarchy and the ICS's totals. */
    static final List<DifferencingAttack.Identity> IDENTITIES = List.of(
            new DifferencingAttack.Identity("cost_by_practice", r -> totalOf(r, "practice", r.get("place") + "/" + r.get("pcn")),
                    "cost_by_pcn", r -> cellOf(r, "pcn", r.get("place") + "/" + r.get("pcn")), List.of("patients", "activities", "cost", "bed_days")),
            new DifferencingAttack.Identity("cost_by_pcn", r -> totalOf(r, "pcn", r.get("place")),
                    "cost_by_place", r -> cellOf(r, "place", r.get("place")), List.of("patients", "activities", "cost", "bed_days")),
            new DifferencingAttack.Identity("condition_prevalence_by_practice", r -> totalOf(r, "practice", r.get("condition") + "/" + r.get("place")),
                    "condition_prevalence_by_place", r -> cellOf(r, "place", r.get("condition") + "/" + r.get("place")), List.of("patients")),
            new DifferencingAttack.Identity("cost_by_place", r -> totalOf(r, "place", "ics"),
                    "totals_by_organisation", r -> totalOf(r, "organisation", "ics"), List.of("patients", "activities", "cost", "bed_days")),
            new DifferencingAttack.Identity("organisations_known_to", r -> totalOf(r, "band", "linked"),
                    "cost_by_imd_decile", r -> totalOf(r, "imd_decile", "linked"), List.of("patients", "cost")),
            new DifferencingAttack.Identity("cost_concentration", r -> "all".equals(r.get("top_share")) ? java.util.Optional.of("linked") : java.util.Optional.empty(),
                    "cost_by_imd_decile", r -> totalOf(r, "imd_decile", "linked"), List.of("patients", "cost")));

    static java.util.Optional<String> totalOf(Map<String, Object> row, String totalColumn, Object key) {
        return MartDefinition.TOTAL.equals(row.get(totalColumn)) ? java.util.Optional.of(String.valueOf(key)) : java.util.Optional.empty();
    }

    static java.util.Optional<String> cellOf(Map<String, Object> row, String totalColumn, Object key) {
        return MartDefinition.TOTAL.equals(row.get(totalColumn)) ? java.util.Optional.empty() : java.util.Optional.of(String.valueOf(key));
    }

    // ---- per organisation ----

    @Test
    void everyOrganisationsOutputHoldsExactlyThePatientsItSentWithTheirOwnAndWholeSystemCost() {
        OrganisationOutputs outputs = new OrganisationOutputs(CONFIG, BUCKET);
        Map<Integer, List<Curated>> linked = linkedByPerson();
        int withPatients = 0;
        for (String ods : outputs.organisations()) {
            Map<String, List<Object>> expected = new TreeMap<>();
            linked.forEach((person, rows) -> {
                List<Curated> own = rows.stream().filter(r -> r.provider().equals(ods)).toList();
                if (!own.isEmpty()) {
                    expected.put(Integer.toString(person), List.of((long) own.size(), sum(own), sum(rows), bedDays(rows)));
                }
            });
            Map<String, List<Object>> actual = new TreeMap<>();
            for (List<Object> row : engine.execute(SqlScript.of("check", "SELECT person_id, own_activities, own_cost, cost, bed_days FROM org_"
                    + ods.toLowerCase(java.util.Locale.ROOT) + "_patients")).rows()) {
                Integer person = personOfPseudonym.get((String) row.getFirst());
                actual.put(person == null ? "not a person of the truth: " + row.getFirst() : person.toString(), new ArrayList<>(row.subList(1, row.size())));
            }
            assertThat(actual).as("the patients of %s", ods).isEqualTo(expected);
            withPatients += expected.isEmpty() ? 0 : 1;
        }
        assertThat(withPatients).as("organisations with patients").isEqualTo(outputs.organisations().size());
    }

    @Test
    void eachPractisesTopNAndNextNEqualTheTruth() {
        int n = CONFIG.topN();
        Map<Integer, String> pseudonymOf = new HashMap<>();
        personOfPseudonym.forEach((pseudonym, person) -> pseudonymOf.put(person, pseudonym));
        // The ICB sends every practice's GP data: its patients are those with a GP appointment it sent.
        Set<String> practices = curated.stream().filter(c -> c.feed().equals("gp") && c.provider().equals("QJ2")).map(Curated::organisation)
                .collect(Collectors.toSet());
        Map<String, List<Map.Entry<Integer, BigDecimal>>> byPractice = new TreeMap<>();
        linkedByPerson().forEach((person, rows) -> {
            String practice = persons.get(person).gpPractice();
            if (rows.stream().anyMatch(r -> r.feed().equals("gp") && r.provider().equals("QJ2")) && practices.contains(practice)) {
                byPractice.computeIfAbsent(practice, p -> new ArrayList<>()).add(Map.entry(person, sum(rows)));
            }
        });
        Map<String, List<Object>> expected = new TreeMap<>();
        byPractice.forEach((practice, people) -> {
            people.sort(Comparator.<Map.Entry<Integer, BigDecimal>, BigDecimal>comparing(Map.Entry::getValue).reversed()
                    .thenComparing(e -> pseudonymOf.get(e.getKey())));
            for (int rank = 1; rank <= Math.min(2 * n, people.size()); rank++) {
                Map.Entry<Integer, BigDecimal> e = people.get(rank - 1);
                expected.put(practice + "/" + rank, List.of((long) (rank <= n ? 1 : 2), e.getKey(), e.getValue()));
            }
        });
        Map<String, List<Object>> actual = new TreeMap<>();
        for (List<Object> row : engine.execute(SqlScript.of("check", "SELECT practice, rank, page, person_id, cost FROM org_qj2_practice_top_n")).rows()) {
            actual.put(row.get(0) + "/" + row.get(1), List.of(row.get(2), personOfPseudonym.getOrDefault((String) row.get(3), -1), row.get(4)));
        }
        assertThat(byPractice).hasSizeGreaterThan(100);
        assertThat(expected.values()).anyMatch(v -> v.getFirst().equals(2L));
        assertThat(actual).isEqualTo(expected);
    }

    // ---- helpers ----

    /** Every row of a query as column name to value. */
    static List<Map<String, Object>> rowsOf(String sql) {
        QueryEngine.Result result = engine.execute(SqlScript.of("check", sql));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (List<Object> row : result.rows()) {
            Map<String, Object> named = new HashMap<>();
            for (int i = 0; i < row.size(); i++) {
                named.put(result.columns().get(i).name(), row.get(i));
            }
            rows.add(named);
        }
        return rows;
    }

    static int personIndex(Curated c) {
        return c.index();
    }

    static Map<Integer, List<Curated>> linkedByPerson() {
        return curated.stream().filter(c -> c.person() != null).collect(Collectors.groupingBy(Curated::person));
    }

    static Map<String, List<Object>> expectedBy(Function<Curated, String> key) {
        Map<String, List<Curated>> groups = curated.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.toList()));
        Map<String, List<Object>> expected = new TreeMap<>();
        groups.forEach((k, rows) -> expected.put(k, List.of(patients(rows), (long) rows.size(), sum(rows), bedDays(rows))));
        return expected;
    }

    static long patients(List<Curated> rows) {
        return rows.stream().map(Curated::person).filter(java.util.Objects::nonNull).distinct().count();
    }

    static long bedDays(List<Curated> rows) {
        return rows.stream().mapToLong(Curated::bedDays).sum();
    }

    static BigDecimal sum(List<Curated> rows) {
        return rows.stream().map(Curated::cost).reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
    }

    static Object value(String sql) {
        return engine.execute(SqlScript.of("check", sql)).onlyValue();
    }

    /** First column → the rest, for comparing a mart with the truth. */
    static Map<String, List<Object>> table(String sql) {
        Map<String, List<Object>> out = new TreeMap<>();
        for (List<Object> row : engine.execute(SqlScript.of("check", sql)).rows()) {
            out.put(String.valueOf(row.getFirst()), new ArrayList<>(row.subList(1, row.size())));
        }
        return out;
    }
}
