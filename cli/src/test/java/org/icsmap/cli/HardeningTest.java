package org.icsmap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.icsmap.domain.config.IcsConfigLoader;
import org.icsmap.synthetic.GeneratorSettings;
import org.icsmap.synthetic.SyntheticIcsGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The findings of the adversarial pass (issue 19), each as the command line meets it: none may come back. */
class HardeningTest {

    private static final String CONFIG = "../config/example-ics.yaml";

    @TempDir
    static Path dir;
    static Path extracts;

    @BeforeAll
    static void generate() throws Exception {
        new SyntheticIcsGenerator(new IcsConfigLoader().load(Path.of(CONFIG))).generate(GeneratorSettings.of(300, 7), dir.resolve("generated"));
        extracts = dir.resolve("generated/extracts");
    }

    private static IcsmapRun run(String... args) {
        return IcsmapRun.of(args);
    }

    private static IcsmapRun ingest(Path home, String provider, String feed, String period) {
        return run("ingest", "--config", CONFIG, "--home", home.toString(), "--provider", provider, "--feed", feed, "--period", period,
                extracts.resolve(provider).resolve(feed + "_" + period + ".csv").toString());
    }

    @Test
    void finding2_aMissingKeystoreIsNeverSilentlyReplaced() throws Exception {
        Path home = dir.resolve("finding2");
        IcsmapRun first = ingest(home, "RFS", "apc", "2024-05");
        assertThat(first.exitCode()).as(first.err()).isIn(ExitCodes.OK, ExitCodes.FAILURES_FOUND);
        Path keystore = home.resolve("keys/icsmap-keys.p12");
        assertThat(keystore).isRegularFile();

        Files.delete(keystore);
        IcsmapRun second = ingest(home, "RFS", "apc", "2024-06");

        assertThat(second.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(second.err()).contains(keystore.toString(), "is missing").doesNotContain("\tat org.");
        assertThat(keystore).doesNotExist();
        assertThat(home.resolve("zones/curated/feed=apc/provider=RFS/period=2024-06")).doesNotExist();
    }

    @Test
    void finding2_reidentifyOnAMistypedHomeCreatesNeitherAHomeNorAKey() {
        Path typo = dir.resolve("icsmap-hmoe");

        IcsmapRun result = run("reidentify", "--config", CONFIG, "--home", typo.toString(), "--org", "RFS", "--purpose", "direct_care",
                "a".repeat(64));

        assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(result.err()).contains("no local home at " + typo);
        assertThat(typo).doesNotExist();
    }

    /** A home holding one upload, made once for the tests that need one. */
    private static synchronized Path ingestedHome() {
        Path home = dir.resolve("ingested");
        if (Files.notExists(home)) {
            IcsmapRun result = ingest(home, "RFS", "apc", "2024-05");
            assertThat(result.exitCode()).as(result.err()).isIn(ExitCodes.OK, ExitCodes.FAILURES_FOUND);
        }
        return home;
    }

    @Test
    void finding9_ingestRefusesAPeriodThatHasNotBegunOrThatCuratedNoLongerKeeps() throws Exception {
        Path home = ingestedHome();
        Path extract = extracts.resolve("RFS/apc_2024-05.csv");
        for (String period : java.util.List.of("2100-01", "9999-01", "0000-01")) {
            IcsmapRun result = run("ingest", "--config", CONFIG, "--home", home.toString(), "--provider", "RFS", "--feed", "apc", "--period", period,
                    extract.toString());

            assertThat(result.exitCode()).as(period).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(result.err()).as(period).containsAnyOf("has not begun", "keeps curated data");
            assertThat(home.resolve("zones/curated/feed=apc/provider=RFS/period=" + period)).doesNotExist();
            assertThat(home.resolve("zones/landing/provider=RFS/feed=apc/period=" + period)).doesNotExist();
        }
    }

    @Test
    void finding14_ingestHelpListsTheFeeds() {
        IcsmapRun help = run("ingest", "--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out().replaceAll("\\s+", " ")).contains("Canonical feed: apc, op, ed, community, mental_health, ambulance, gp, social_care, opt_out.");
    }

    @Test
    void finding14_aRejectedKeyPrintsWhatIsKnownAndNeverNull() {
        Path home = ingestedHome();

        IcsmapRun result = run("ingest", "--config", CONFIG, "--home", home.toString(), "--provider", "rfs", "--feed", "apc", "--period", "2024-05",
                extracts.resolve("RFS/apc_2024-05.csv").toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(result.out()).contains("REJECTED", "FILE_PROVIDER_UNKNOWN").doesNotContain("null");
    }

    @Test
    void finding14_aFifoIsNotARegularFileRatherThanNoSuchFile() throws Exception {
        Path fifo = dir.resolve("extract.fifo");
        org.junit.jupiter.api.Assumptions.assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo");

        IcsmapRun result = run("ingest", "--config", CONFIG, "--home", dir.resolve("fifo-home").toString(), "--provider", "RFS", "--feed", "apc",
                "--period", "2024-05", fifo.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(result.err()).contains(fifo + " is not a regular file").doesNotContain("no such file");
    }

    @Test
    void finding14_anInvalidSnapshotIsBadInput() {
        IcsmapRun result = run("refresh", "--config", CONFIG, "--home", ingestedHome().toString(), "--snapshot", "Not-A-Snapshot");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(result.err()).contains("--snapshot", "is not a snapshot id");
    }

    @Test
    void finding14_anOrganisationNotInTheConfigIsNoRole() {
        IcsmapRun result = run("query", "--config", CONFIG, "--home", ingestedHome().toString(), "--role", "org:ZZZ", "SELECT 1");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(result.err()).contains("role org:ZZZ names no organisation of ICS").doesNotContain("\tat org.");
    }

    @Test
    void finding6_aSwappedOrForeignCuratedFileIsNeverPublished() throws Exception {
        Path home = dir.resolve("finding6");
        for (String[] upload : new String[][] {{"apc", "2024-05"}, {"apc", "2024-06"}, {"op", "2024-05"}}) {
            IcsmapRun ingested = ingest(home, "RFS", upload[0], upload[1]);
            assertThat(ingested.exitCode()).as(ingested.err()).isIn(ExitCodes.OK, ExitCodes.FAILURES_FOUND);
        }
        IcsmapRun first = run("refresh", "--config", CONFIG, "--home", home.toString());
        assertThat(first.exitCode()).as(first.err()).isZero();
        Path published = home.resolve("zones/audit/refresh/published.json");
        String publishedBefore = Files.readString(published);

        Path curated = home.resolve("zones/curated");
        // One month's file over another's, and an outpatient file in an admitted patient care partition.
        Files.copy(curated.resolve("feed=apc/provider=RFS/period=2024-05/data.parquet"), curated.resolve("feed=apc/provider=RFS/period=2024-06/data.parquet"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(curated.resolve("feed=op/provider=RFS/period=2024-05/data.parquet"), curated.resolve("feed=apc/provider=RFS/period=2024-05/data.parquet"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        IcsmapRun second = run("refresh", "--config", CONFIG, "--home", home.toString());

        assertThat(second.exitCode()).as(second.err()).isEqualTo(ExitCodes.FAILURES_FOUND);
        assertThat(second.err()).contains("curated partition feed=apc/provider=RFS/period=2024-06", "curated partition feed=apc/provider=RFS/period=2024-05")
                .doesNotContain("partition feed=op/");
        assertThat(second.out()).contains("the previous snapshot stays published");
        assertThat(Files.readString(published)).isEqualTo(publishedBefore);
    }
}
