package org.icsmap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.domain.config.IcsConfigLoader;
import org.icsmap.domain.ingest.IngestReport;
import org.icsmap.domain.pseudonymise.Pseudonymiser;
import org.icsmap.synthetic.Defect;
import org.icsmap.synthetic.GeneratorSettings;
import org.icsmap.synthetic.GroundTruth;
import org.icsmap.synthetic.SyntheticIcsGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code icsmap reidentify} over a local home holding a small synthetic ICS's RFS upload, checked against the ground truth. */
class ReidentifyCommandTest {

    private static final String CONFIG = "../config/example-ics.yaml";

    @TempDir
    static Path dir;
    static Path home;
    /** Pseudonym → NHS number of every patient RFS sent with a valid NHS number. */
    static final Map<String, String> sentByRfs = new HashMap<>();

    @BeforeAll
    static void ingestOneUpload() throws Exception {
        IcsConfig config = new IcsConfigLoader().load(Path.of(CONFIG));
        Path generated = dir.resolve("generated");
        new SyntheticIcsGenerator(config).generate(GeneratorSettings.of(400, 5), generated);
        home = dir.resolve("home");
        LocalHome local = LocalHome.openOrStart(home, config);
        String key = "landing/provider=RFS/feed=apc/period=2024-05/u-1.csv";
        local.store.put(key, generated.resolve("extracts/RFS/apc_2024-05.csv"), Map.of());
        assertThat(local.ingestService().ingest(key).outcome()).isEqualTo(IngestReport.Outcome.ACCEPTED);
        GroundTruth truth = new GroundTruth(generated);
        List<GroundTruth.Person> persons = truth.persons();
        Pseudonymiser pseudonymiser = Pseudonymiser.derive(local.keys);
        truth.forEachRow(row -> {
            if (row.file().equals("RFS/apc_2024-05.csv") && row.person() >= 0 && row.defect() == Defect.NONE) {
                String nhs = persons.get(row.person()).nhsNumber();
                sentByRfs.put(pseudonymiser.personId(nhs), nhs);
            }
        });
        assertThat(sentByRfs).isNotEmpty();
    }

    private static IcsmapRun run(String... args) {
        return IcsmapRun.of(args);
    }

    @Test
    void theOrganisationGetsItsOwnPatientsNhsNumbersAndTheRequestIsAudited() throws Exception {
        String known = sentByRfs.keySet().iterator().next();
        String unknown = "f".repeat(64);

        IcsmapRun result = run("reidentify", "--config", CONFIG, "--home", home.toString(), "--org", "RFS", "--purpose", "direct_care", known, unknown);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains(known + "  " + sentByRfs.get(known), unknown + "  not found", "1 of 2 re-identified for RFS");
        try (Stream<Path> audit = Files.walk(home.resolve("zones/audit/reidentify/org=RFS"))) {
            List<String> records = audit.filter(p -> p.toString().endsWith(".json")).map(ReidentifyCommandTest::read).toList();
            assertThat(records).anyMatch(r -> r.contains("\"outcome\":\"ANSWERED\"") && r.contains("\"count_returned\":1") && r.contains(known)
                    && !r.contains(sentByRfs.get(known)));
        }
    }

    @Test
    void anotherOrganisationAskingForTheSamePseudonymsGetsNothing() {
        String known = sentByRfs.keySet().iterator().next();

        IcsmapRun result = run("reidentify", "--config", CONFIG, "--home", home.toString(), "--org", "RTG", "--purpose", "direct_care", known);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains(known + "  not found", "0 of 1 re-identified for RTG").doesNotContain(sentByRfs.get(known));
    }

    @Test
    void anUnagreedPurposeIsRefusedAsBadInputAndAudited() throws Exception {
        IcsmapRun result = run("reidentify", "--config", CONFIG, "--home", home.toString(), "--org", "RFS", "--purpose", "planning", "a".repeat(64));

        assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(result.err()).contains("refused (PURPOSE_NOT_AGREED): purpose 'planning' is not one ICS QJ2 has agreed", "audited")
                .doesNotContain("\tat org.");
        try (Stream<Path> audit = Files.walk(home.resolve("zones/audit/reidentify/org=RFS"))) {
            assertThat(audit.filter(p -> p.toString().endsWith(".json")).map(ReidentifyCommandTest::read))
                    .anyMatch(r -> r.contains("\"reason\":\"PURPOSE_NOT_AGREED\""));
        }
    }

    @Test
    void finding12_anOrganisationNotInTheConfigNamesNoAuditPrefixAndItsRefusalIsAuditedWithoutIt() throws Exception {
        for (String organisation : List.of("RFS OR 1=1", "RTG/date=2020-01-01", "ZZZ")) {
            IcsmapRun result = run("reidentify", "--config", CONFIG, "--home", home.toString(), "--org", organisation, "--purpose", "direct_care",
                    "a".repeat(64));

            assertThat(result.exitCode()).as(organisation).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(result.err()).contains("refused (ORGANISATION_UNKNOWN)", "audited");
        }
        try (Stream<Path> orgs = Files.list(home.resolve("zones/audit/reidentify"))) {
            assertThat(orgs.map(p -> p.getFileName().toString())).allMatch(name -> name.equals("org=unknown") || name.matches("org=[A-Z0-9]{3,6}"));
        }
        assertThat(home.resolve("zones/audit/reidentify/org=RTG/date=2020-01-01")).doesNotExist();
        try (Stream<Path> audit = Files.walk(home.resolve("zones/audit/reidentify/org=unknown"))) {
            List<String> records = audit.filter(p -> p.toString().endsWith(".json")).map(ReidentifyCommandTest::read).toList();
            assertThat(records).hasSize(3).allMatch(r -> r.contains("\"reason\":\"ORGANISATION_UNKNOWN\"") && r.contains("\"organisation\":\"unknown\"")
                    && !r.contains("1=1") && !r.contains("date=2020") && !r.contains("ZZZ"));
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
