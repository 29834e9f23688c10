package org.icsmap.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.domain.config.IcsConfigLoader;
import org.icsmap.engine.curated.CuratedParquet;
import org.icsmap.domain.curated.CuratedSchema;
import org.icsmap.domain.feed.Feed;
import org.icsmap.domain.ingest.IngestReport;
import org.icsmap.engine.ingest.IngestService;
import org.icsmap.local.DirectoryObjectStore;
import org.icsmap.local.LocalKeyService;
import org.icsmap.domain.nhs.NhsNumber;
import org.icsmap.domain.pseudonymise.Pseudonymiser;
import org.icsmap.domain.reference.NationalPracticeList;
import org.icsmap.domain.reference.PostcodeLookup;
import org.icsmap.domain.vault.Vault;
import org.icsmap.synthetic.Defect;
import org.icsmap.synthetic.GeneratorSettings;
import org.icsmap.synthetic.GroundTruth;
import org.icsmap.synthetic.SyntheticIcsGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole synthetic ICS through ingest on the local adapters, reconciled with the generator's ground truth. */
class IngestServiceTest {

    static final IcsConfig CONFIG = new IcsConfigLoader().load(Path.of("../../config/example-ics.yaml"));
    static final Pattern POSTCODE = Pattern.compile("(?i)\\b[A-PR-UWYZ][A-HK-Y0-9][A-HJKPSTUW0-9]?[ABEHMNPRVWXY0-9]? ?[0-9][ABD-HJLNP-UW-Z]{2}\\b");

    @TempDir
    static Path dir;
    static DirectoryObjectStore store;
    static LocalKeyService keys;
    static IngestService ingest;
    static GroundTruth truth;
    static Map<String, IngestReport> reports = new TreeMap<>();
    static Map<String, String> landingKeyOfExtract = new HashMap<>();

    @BeforeAll
    static void ingestTheWholeIcs() throws IOException {
        Path generated = dir.resolve("generated");
        new SyntheticIcsGenerator(CONFIG).generate(GeneratorSettings.of(1_500, 11), generated);
        truth = new GroundTruth(generated);
        store = new DirectoryObjectStore(dir.resolve("bucket"));
        keys = new LocalKeyService(dir.resolve("keys.p12"), "test".toCharArray());
        ingest = newService();
        List<Path> extracts;
        try (Stream<Path> walk = Files.walk(generated.resolve("extracts"))) {
            extracts = walk.filter(Files::isRegularFile).sorted().toList();
        }
        // The opt-out list first, as the demo does: every later upload is filtered by it.
        List<Path> ordered = new ArrayList<>(extracts.stream().filter(p -> p.getFileName().toString().startsWith("opt_out")).toList());
        extracts.stream().filter(p -> !ordered.contains(p)).forEach(ordered::add);
        for (Path extract : ordered) {
            String relative = generated.resolve("extracts").relativize(extract).toString();
            String provider = extract.getParent().getFileName().toString();
            String name = extract.getFileName().toString();
            String feed = name.substring(0, name.lastIndexOf('_'));
            String period = name.substring(name.lastIndexOf('_') + 1, name.lastIndexOf('_') + 8);
            String key = "landing/provider=" + provider + "/feed=" + feed + "/period=" + period + "/u-" + period.replace("-", "")
                    + (name.endsWith(".gz") ? ".csv.gz" : ".csv");
            store.put(key, extract, Map.of());
            landingKeyOfExtract.put(relative, key);
            reports.put(relative, ingest.ingest(key));
        }
    }

    static IngestService newService() {
        return new IngestService(CONFIG, IngestService.Stores.allIn(store), keys, PostcodeLookup.shipped(), NationalPracticeList.shipped(),
                dir.resolve("work"));
    }

    @Test
    void everyFileIsAcceptedAndItsCountsAddUpAndMatchTheTruth() {
        Set<Integer> optedOut = truth.persons().stream().filter(GroundTruth.Person::optedOut).map(GroundTruth.Person::index)
                .collect(Collectors.toSet());
        Map<String, long[]> expected = new TreeMap<>(); // in, curated, quarantined, duplicates, opted out
        truth.forEachRow(row -> {
            long[] e = expected.computeIfAbsent(row.file(), f -> new long[5]);
            e[0]++;
            switch (row.defect()) {
                case NONE -> e[optedOut.contains(row.person()) ? 4 : 1]++;
                case INVALID_NHS_NUMBER, MISSING_NHS_NUMBER -> e[1]++;
                case IMPOSSIBLE_DATE, UNKNOWN_PRACTICE, MALFORMED_ROW -> e[2]++;
                case DUPLICATE_ROW -> e[3]++;
            }
        });
        assertThat(reports.keySet()).isEqualTo(expected.keySet());
        reports.forEach((file, report) -> {
            assertThat(report.outcome()).as(file).isEqualTo(IngestReport.Outcome.ACCEPTED);
            assertThat(report.rows().addUp()).as(file).isTrue();
            long[] e = expected.get(file);
            assertThat(new long[] {report.rows().in(), report.rows().curated(), report.rows().quarantined(), report.rows().duplicates(),
                    report.rows().optedOut()}).as(file + " in, curated, quarantined, duplicates, opted out").containsExactly(e);
            assertThat(report.keyServiceCalls()).as(file).isLessThanOrEqualTo(2);
        });
    }

    @Test
    void quarantineReasonsAreTheDefectsTheGeneratorMade() {
        Map<String, Long> expected = new TreeMap<>();
        truth.forEachRow(row -> {
            String reason = switch (row.defect()) {
                case IMPOSSIBLE_DATE -> "DATE_INVALID";
                case UNKNOWN_PRACTICE -> "GP_PRACTICE_UNKNOWN";
                case MALFORMED_ROW -> "ROW_COLUMN_COUNT";
                default -> null;
            };
            if (reason != null) {
                expected.merge(reason, 1L, Long::sum);
            }
        });
        Map<String, Long> actual = new TreeMap<>();
        reports.values().forEach(r -> r.quarantinedByReason().forEach((reason, n) -> actual.merge(reason, n, Long::sum)));
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void curatedRowsPerPersonEqualTheTruth() throws IOException {
        Pseudonymiser pseudonymiser = Pseudonymiser.derive(keys);
        Map<String, Integer> personOfPseudonym = new HashMap<>();
        Set<Integer> optedOut = new java.util.HashSet<>();
        for (GroundTruth.Person person : truth.persons()) {
            personOfPseudonym.put(pseudonymiser.personId(person.nhsNumber()), person.index());
            if (person.optedOut()) {
                optedOut.add(person.index());
            }
        }
        Map<Integer, Integer> expected = new TreeMap<>();
        Map<Integer, BigDecimal> expectedCost = new TreeMap<>();
        truth.forEachRow(row -> {
            if (row.defect() == Defect.NONE && row.person() >= 0 && !optedOut.contains(row.person())) {
                expected.merge(row.person(), 1, Integer::sum);
            }
        });
        Map<Integer, Integer> actual = new TreeMap<>();
        for (Feed feed : Feed.values()) {
            if (feed == Feed.OPT_OUT) {
                continue;
            }
            for (var object : store.list("curated/feed=" + feed.id() + "/")) {
                if (object.key().matches(".*/period=2026-(0[7-9])/.*")) {
                    continue; // the hand-made uploads of other tests, not the synthetic ICS
                }
                Path local = Files.createTempFile(dir, "curated", ".parquet");
                try (var in = store.open(object.key())) {
                    Files.copy(in, local, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
                CuratedParquet.read(feed, local, row -> {
                    Object id = row.get(CuratedSchema.PERSON_ID);
                    if (id != null) {
                        assertThat(personOfPseudonym).containsKey(id.toString());
                        actual.merge(personOfPseudonym.get(id.toString()), 1, Integer::sum);
                    }
                });
            }
        }
        assertThat(actual).isEqualTo(expected);
        assertThat(expectedCost).isEmpty();
    }

    @Test
    void theCostOfEveryUploadsOptedOutQuarantinedAndDuplicateRowsIsTheTruths() {
        Set<Integer> optedOut = truth.persons().stream().filter(GroundTruth.Person::optedOut).map(GroundTruth.Person::index)
                .collect(Collectors.toSet());
        Map<String, IngestReport.Costs> expected = new TreeMap<>();
        truth.forEachRow(row -> {
            if (row.feed().equals("opt_out")) {
                return;
            }
            IngestReport.Costs zero = IngestReport.Costs.NONE;
            BigDecimal cost = row.lineCost();
            IngestReport.Costs add = row.defect() == Defect.NONE && optedOut.contains(row.person())
                    ? new IngestReport.Costs(cost, 0, zero.quarantined(), 0, zero.duplicates(), 0)
                    : row.quarantined() && row.costReadable() ? new IngestReport.Costs(zero.optedOut(), 0, cost, 0, zero.duplicates(), 0)
                    : row.quarantined() ? new IngestReport.Costs(zero.optedOut(), 0, zero.quarantined(), 1, zero.duplicates(), 0)
                    : row.defect() == Defect.DUPLICATE_ROW ? new IngestReport.Costs(zero.optedOut(), 0, zero.quarantined(), 0, cost, 0)
                    : zero;
            expected.merge(row.file(), add, IngestReport.Costs::plus);
        });
        IngestReport.Costs all = IngestReport.Costs.NONE;
        for (var entry : reports.entrySet()) {
            IngestReport report = entry.getValue();
            if (report.feed().equals("opt_out")) {
                assertThat(report.costs()).as(entry.getKey() + ": the opt-out list is not activity").isNull();
                continue;
            }
            assertThat(report.costs()).as(entry.getKey()).isEqualTo(expected.getOrDefault(entry.getKey(), IngestReport.Costs.NONE));
            all = all.plus(report.costs());
        }
        // Every kind of dropped row was there to be costed, and some quarantined rows could not be.
        assertThat(all.optedOut()).isPositive();
        assertThat(all.quarantined()).isPositive();
        assertThat(all.duplicates()).isPositive();
        assertThat(all.quarantinedCostUnknownRows()).isPositive();
        assertThat(all.optedOutCostUnknownRows() + all.duplicatesCostUnknownRows()).isZero();
    }

    @Test
    void theReportSaysWhatDroppedRowsCostInPoundsAndNothingMore() throws IOException {
        IngestReport report = reports.values().stream().filter(r -> r.costs() != null && r.rows().quarantined() > 0 && r.rows().optedOut() > 0)
                .findFirst().orElseThrow();
        String text = new String(read(IngestReport.key(report.provider(), report.feed(), report.period(), report.uploadId())),
                StandardCharsets.UTF_8);
        var costs = new com.fasterxml.jackson.databind.ObjectMapper().readTree(text).get("costs");
        assertThat(costs).isNotNull();
        List<String> names = new ArrayList<>();
        costs.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("opted_out", "opted_out_cost_unknown_rows", "quarantined", "quarantined_cost_unknown_rows",
                "duplicates", "duplicates_cost_unknown_rows");
        // Pounds and pence, written exactly as decimals with two places (never through a double).
        String written = text.substring(text.indexOf("\"costs\""), text.indexOf('}', text.indexOf("\"costs\"")));
        for (String money : List.of("opted_out", "quarantined", "duplicates")) {
            java.util.regex.Matcher value = Pattern.compile("\"" + money + "\" : ([^,\\s]+)").matcher(written);
            assertThat(value.find()).as(money).isTrue();
            assertThat(value.group(1)).as(money).matches("[0-9]+\\.[0-9]{2}");
        }
        assertThat(written).contains("\"opted_out\" : " + report.costs().optedOut().toPlainString() + ",");
    }

    @Test
    void nothingIdentifiableIsWrittenOutsideLandingAndTheVault() throws IOException {
        Set<String> nhsNumbers = truth.persons().stream().map(GroundTruth.Person::nhsNumber).collect(Collectors.toSet());
        Set<String> birthDates = truth.persons().stream().map(p -> p.dateOfBirth().toString()).collect(Collectors.toSet());
        int scanned = 0;
        for (var object : store.list("")) {
            String key = object.key();
            if (key.startsWith("landing/") || key.startsWith("vault/")) {
                continue;
            }
            List<String> values = new ArrayList<>();
            if (key.endsWith(".parquet")) {
                Feed feed = Feed.fromId(key.substring("curated/feed=".length(), key.indexOf('/', "curated/feed=".length()))).orElseThrow();
                Path local = Files.createTempFile(dir, "scan", ".parquet");
                try (var in = store.open(key)) {
                    Files.copy(in, local, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
                // Activity dates are dates like any other: only non-date values could be a leaked date of birth.
                CuratedParquet.read(feed, local, row -> row.values().stream().filter(v -> !(v instanceof java.time.LocalDate))
                        .forEach(v -> values.add(String.valueOf(v))));
                assertThat(CuratedSchema.columns(feed)).extracting(c -> c.name()).doesNotContain("nhs_number", "postcode", "date_of_birth");
            } else {
                try (var in = store.open(key)) {
                    values.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
            for (String value : values) {
                for (String token : value.split("[^0-9A-Za-z-]+")) {
                    assertThat(NhsNumber.isValid(token) && nhsNumbers.contains(NhsNumber.standardise(token))).as(key + ": NHS number").isFalse();
                    assertThat(birthDates).as(key + ": date of birth").doesNotContain(token);
                }
                assertThat(POSTCODE.matcher(value).find()).as(key + ": postcode in '" + (value.length() > 80 ? value.substring(0, 80) : value) + "'")
                        .isFalse();
            }
            scanned++;
        }
        assertThat(scanned).isGreaterThan(300);
    }

    @Test
    void theVaultGivesAProviderBackOnlyItsOwnPatients() throws IOException {
        GroundTruth.Person someone = truth.persons().stream().filter(p -> !p.optedOut() && p.place() != null).findFirst().orElseThrow();
        String personId = Pseudonymiser.derive(keys).personId(someone.nhsNumber());
        Map<String, String> found = new HashMap<>();
        String fileWithThePatient = null;
        for (var object : store.list(Vault.providerPrefix("QJ2"))) {
            try (var in = store.open(object.key())) {
                Map<String, String> here = Vault.lookup(keys, Vault.encryptionContext(CONFIG.code(), "QJ2"), in, Set.of(personId));
                if (!here.isEmpty()) {
                    fileWithThePatient = object.key();
                }
                found.putAll(here);
            }
        }
        assertThat(found).containsEntry(personId, someone.nhsNumber());
        // Another organisation's context cannot open the data key of that very file: the key service refuses.
        try (var in = store.open(fileWithThePatient)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                    Vault.lookup(keys, Vault.encryptionContext(CONFIG.code(), "RFS"), in, Set.of(personId)))
                    .isInstanceOf(org.icsmap.domain.port.KeyService.KeyServiceException.class);
        }
    }

    @Test
    void aReplayChangesNothingAndAReprocessGivesTheSameBytes() throws IOException {
        String file = reports.keySet().stream().filter(f -> f.startsWith("RFS/apc_")).findFirst().orElseThrow();
        String landingKey = landingKeyOfExtract.get(file);
        IngestReport first = reports.get(file);
        byte[] curated = read(first.outputs().curated());
        IngestReport replay = newService().ingest(landingKey);
        assertThat(replay.outcome()).isEqualTo(IngestReport.Outcome.REPLAY);
        assertThat(replay.rows()).isEqualTo(first.rows());
        assertThat(replay.costs()).isEqualTo(first.costs()).isNotNull();
        assertThat(replay.keyServiceCalls()).isZero();
        // Forget it was done (as after a crash before the report): the redo writes the same bytes.
        store.delete(IngestReport.key(first.provider(), first.feed(), first.period(), first.uploadId()));
        byte[] quarantine = first.outputs().quarantine() == null ? null : read(first.outputs().quarantine());
        IngestReport redo = newService().ingest(landingKey);
        assertThat(redo.outcome()).isEqualTo(IngestReport.Outcome.ACCEPTED);
        assertThat(redo.rows()).isEqualTo(first.rows());
        assertThat(redo.costs()).isEqualTo(first.costs());
        assertThat(read(first.outputs().curated())).isEqualTo(curated);
        if (quarantine != null) {
            assertThat(read(first.outputs().quarantine())).isEqualTo(quarantine);
        }
    }

    /**
     * Curated rows are written a batch at a time, column by column, and a patient met a few rows ago is not pseudonymised
     * again: whatever the batches and the cache do, each curated row must be its own line's, in file order, with its own
     * patient's pseudonym. 30,000 rows over 20,000 patients (more than the cache's slots, so patients share slots), each
     * met again at distances from 1 to thousands of rows, and every 50th row quarantined.
     */
    @Test
    void everyCuratedRowIsItsOwnLinesInFileOrderWithItsOwnPatientsPseudonym(@TempDir Path scratch) throws Exception {
        List<String> patients = new ArrayList<>();
        for (long nine = 400_100_000L; patients.size() < 20_000; nine++) { // outside the synthetic ICS's numbers: none opted out
            String number = NhsNumber.withCheckDigit(Long.toString(nine));
            if (number != null) {
                patients.add(number);
            }
        }
        StringBuilder file = new StringBuilder(String.join(",", Feed.AMBULANCE.definition().header())).append('\n');
        Map<Long, String> numberOfLine = new HashMap<>();
        String number = null;
        for (int r = 0; r < 30_000; r++) {
            number = r % 3 == 2 ? number : patients.get((int) ((r * 7_919L) % 20_000)); // every third row repeats the row before
            long line = r + 2;
            String date = r % 50 == 49 ? "2026-08-32" : "2026-08-" + String.format("%02d", 1 + r % 28);
            file.append(number).append(",1990-01-01,1,S40 1AA,C81001,RX9,INC-").append(r).append(',').append(date)
                    .append(",2,see_and_convey,RFS,AMBSC,\n");
            if (r % 50 != 49) {
                numberOfLine.put(line, number);
            }
        }
        String key = "landing/provider=RX9/feed=ambulance/period=2026-08/batches.csv";
        store.put(key, file.toString().getBytes(StandardCharsets.UTF_8), Map.of());
        IngestReport report = ingest.ingest(key);
        assertThat(report.rows().curated()).as(report.toString()).isEqualTo(numberOfLine.size());
        assertThat(report.rows().quarantined()).isEqualTo(600);

        Path local = scratch.resolve("d.parquet");
        Files.write(local, read(CuratedSchema.dataKey(Feed.AMBULANCE, "RX9", "2026-08")));
        Pseudonymiser pseudonymiser = Pseudonymiser.derive(keys);
        List<Long> lines = new ArrayList<>();
        CuratedParquet.read(Feed.AMBULANCE, local, row -> {
            long line = ((Number) row.get(CuratedSchema.SOURCE_RECORD)).longValue();
            lines.add(line);
            assertThat(row.get(CuratedSchema.PERSON_ID)).as("line %d", line).isEqualTo(pseudonymiser.personId(numberOfLine.get(line)));
        });
        assertThat(lines).hasSize(numberOfLine.size()).isSorted().doesNotHaveDuplicates();
        assertThat(lines).containsExactlyInAnyOrderElementsOf(numberOfLine.keySet());
    }

    @Test
    void aNewUploadReplacesThePartitionAndAnOlderOneArrivingLateChangesNothing(@TempDir Path scratch) throws Exception {
        String header = String.join(",", Feed.AMBULANCE.definition().header());
        String row = "9000000009,1990-01-01,1,S40 1AA,C81001,RX9,INC-1,2025-01-05,2,see_and_convey,RFS,AMBSC,";
        String row2 = "9000000017,1991-01-01,2,S40 1AA,C81001,RX9,INC-2,2025-01-06,2,see_and_treat,,AMBST,";
        String older = "landing/provider=RX9/feed=ambulance/period=2026-09/older.csv";
        String newer = "landing/provider=RX9/feed=ambulance/period=2026-09/newer.csv";
        store.put(older, (header + "\n" + row.replace("2025-01", "2026-09") + "\n").getBytes(StandardCharsets.UTF_8), Map.of());
        Thread.sleep(20);
        store.put(newer, (header + "\n" + row.replace("2025-01", "2026-09") + "\n" + row2.replace("2025-01", "2026-09") + "\n")
                .getBytes(StandardCharsets.UTF_8), Map.of());
        IngestReport newReport = ingest.ingest(newer);
        assertThat(newReport.rows().curated()).as(newReport.toString()).isEqualTo(2);
        IngestReport oldReport = ingest.ingest(older);
        assertThat(oldReport.outcome()).isEqualTo(IngestReport.Outcome.SUPERSEDED);
        Path local = scratch.resolve("d.parquet");
        Files.write(local, read(CuratedSchema.dataKey(Feed.AMBULANCE, "RX9", "2026-09")));
        List<Object> uploads = new ArrayList<>();
        CuratedParquet.read(Feed.AMBULANCE, local, r -> uploads.add(r.get(CuratedSchema.UPLOAD_ID)));
        assertThat(uploads).containsExactly("newer", "newer");
    }

    @Test
    void wholeFileRejectionsWriteOnlyTheirReport() throws IOException {
        Map<String, byte[]> bad = new TreeMap<>();
        String header = String.join(",", Feed.AMBULANCE.definition().header());
        String good = header + "\n9000000009,1950-01-01,1,S40 1AA,C81001,RX9,INC-1,2026-07-05,2,see_and_convey,RFS,AMBSC,\n";
        bad.put("landing/provider=ZZZ/feed=ambulance/period=2026-07/a.csv", good.getBytes(StandardCharsets.UTF_8));
        bad.put("landing/provider=RX9/feed=apc/period=2026-07/a.csv", good.getBytes(StandardCharsets.UTF_8));
        bad.put("landing/provider=RX9/feed=ambulance/period=2026-14/a.csv", good.getBytes(StandardCharsets.UTF_8));
        bad.put("landing/provider=RX9/feed=ambulance/period=2026-07/wrong-header.csv",
                good.replace("incident_date", "date").getBytes(StandardCharsets.UTF_8));
        bad.put("landing/provider=RX9/feed=ambulance/period=2026-07/empty.csv", new byte[0]);
        bad.put("landing/provider=RX9/feed=ambulance/period=2026-07/binary.csv", new byte[] {0, 1, 2, 3, (byte) 0xff, 0, 10});
        byte[] gz = gzip(good.repeat(200).getBytes(StandardCharsets.UTF_8));
        bad.put("landing/provider=RX9/feed=ambulance/period=2026-07/truncated.csv.gz", java.util.Arrays.copyOf(gz, gz.length / 2));
        bad.put("landing/provider=RX9/feed=ambulance/period=2026-07/latin1.csv",
                (good + "9000000017,1950-01-01,1,S40 1AA,C81001,RX9,INC-\u00e9,2026-07-05,2,see_and_convey,RFS,AMBSC,\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
        Map<String, String> reasons = new TreeMap<>();
        for (var entry : bad.entrySet()) {
            store.put(entry.getKey(), entry.getValue(), Map.of());
            IngestReport report = ingest.ingest(entry.getKey());
            assertThat(report.outcome()).as(entry.getKey()).isEqualTo(IngestReport.Outcome.REJECTED);
            assertThat(report.rejection().message()).as(entry.getKey()).isNotBlank();
            reasons.put(entry.getKey().substring(entry.getKey().indexOf("provider=")), report.rejection().reason());
        }
        assertThat(reasons).containsExactlyInAnyOrderEntriesOf(Map.of(
                "provider=ZZZ/feed=ambulance/period=2026-07/a.csv", "FILE_PROVIDER_UNKNOWN",
                "provider=RX9/feed=apc/period=2026-07/a.csv", "FILE_FEED_NOT_AGREED",
                "provider=RX9/feed=ambulance/period=2026-14/a.csv", "FILE_PERIOD_INVALID",
                "provider=RX9/feed=ambulance/period=2026-07/wrong-header.csv", "FILE_HEADER_MISMATCH",
                "provider=RX9/feed=ambulance/period=2026-07/empty.csv", "FILE_EMPTY",
                "provider=RX9/feed=ambulance/period=2026-07/binary.csv", "FILE_NOT_READABLE",
                "provider=RX9/feed=ambulance/period=2026-07/truncated.csv.gz", "FILE_NOT_READABLE",
                "provider=RX9/feed=ambulance/period=2026-07/latin1.csv", "FILE_NOT_READABLE"));
        assertThat(store.list("curated/feed=ambulance/provider=RX9/period=2026-07/")).isEmpty();
        assertThat(store.list("quarantine/feed=ambulance/provider=RX9/period=2026-07/")).isEmpty();
    }

    @Test
    void finding9_aPeriodThatHasNotBegunOrThatCuratedNoLongerKeepsIsRejectedWithoutQuotingIt() throws IOException {
        String header = String.join(",", Feed.AMBULANCE.definition().header());
        for (String period : List.of("2100-01", "9999-01", "0000-01", "2019-01")) {
            String key = "landing/provider=RX9/feed=ambulance/period=" + period + "/p.csv";
            store.put(key, (header + "\n9000000009,1950-01-01,1,S40 1AA,C81001,RX9,INC-1," + period + "-05,2,see_and_convey,RFS,AMBSC,\n")
                    .getBytes(StandardCharsets.UTF_8), Map.of());

            IngestReport report = ingest.ingest(key);

            assertThat(report.outcome()).as(period).isEqualTo(IngestReport.Outcome.REJECTED);
            assertThat(report.rejection().reason()).as(period).isEqualTo("FILE_PERIOD_OUT_OF_RANGE");
            assertThat(report.rejection().message()).as(period).doesNotContain(period);
            assertThat(store.list("curated/feed=ambulance/provider=RX9/period=" + period + "/")).as(period).isEmpty();
        }
    }

    private static byte[] read(String key) throws IOException {
        try (var in = store.open(key)) {
            return in.readAllBytes();
        }
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }
}
