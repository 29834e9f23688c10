package org.icsmap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line as a person meets it: output, messages and exit codes. */
class IcsmapCommandTest {

    private static final String CONFIG = "../config/example-ics.yaml";

    private static IcsmapRun run(String... args) {
        return IcsmapRun.of(args);
    }

    @Test
    void demoGeneratesTheExampleIcsAndPrintsARealSummary(@TempDir Path out) {
        IcsmapRun result = run("demo", "--config", CONFIG, "--population", "400", "--seed", "3", "--out", out.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("Joined Up Care Derbyshire (synthetic example)", "patients           400 (", "apc", "social_care",
                "RFS    Chesterfield Royal Hospital NHS Foundation Trust", "total");
        assertThat(out.resolve("generated/extracts/RFS")).isDirectory();
        assertThat(out.resolve("generated/truth/rows.csv.gz")).isRegularFile();
        // Refreshed through the state machine, reported, summarised.
        assertThat(result.out()).contains("3/4 refreshing the marts through the refresh state machine", "quality and coverage",
                "published in", "rows in", "accepted into curated", "opted out", "patients linked", "total cost", "top findings");
        assertThat(out.resolve("report/index.html")).isRegularFile();
        assertThat(out.resolve("zones/audit/refresh/published.json")).isRegularFile();
        // Beside the marts' total, what the rows that never reached the marts cost.
        List<String> costs = result.out().lines().filter(l -> l.startsWith("  total cost in the marts ") || l.startsWith("  not in the marts: ")
                || l.startsWith("                    quarantined ") || l.startsWith("                    duplicates ")).toList();
        assertThat(costs).hasSize(4);
        assertThat(costs.get(0)).matches("  total cost in the marts +£[0-9,]+\\.[0-9]{2}");
        assertThat(costs.get(1)).matches("  not in the marts: opted out +£[0-9,]+\\.[0-9]{2}");
        // A later refresh of the same home says the same, from the reports of the uploads curated holds.
        IcsmapRun refresh = run("refresh", "--config", CONFIG, "--home", out.toString());
        assertThat(refresh.exitCode()).as(refresh.err()).isZero();
        assertThat(refresh.out()).contains("published in");
        assertThat(refresh.out().lines().toList()).containsSubsequence(costs);

        // An organisation's role cannot read what is not its own: exit code 3, the reason, no stack trace.
        IcsmapRun denied = run("query", "--config", CONFIG, "--home", out.toString(), "--role", "org:RFS", "SELECT count(*) FROM curated_apc");
        assertThat(denied.exitCode()).as(denied.err()).isEqualTo(ExitCodes.ACCESS_DENIED);
        assertThat(denied.err()).contains("role org:RFS may not read curated_apc (stored at curated/feed=apc/)").doesNotContain("\tat org.");
        IcsmapRun shared = run("query", "--config", CONFIG, "--home", out.toString(), "--role", "shared",
                "SELECT place, patients FROM shared_cost_by_place WHERE place = 'TOTAL'");
        assertThat(shared.exitCode()).as(shared.err()).isZero();
        assertThat(shared.out()).contains("place", "patients", "TOTAL", "(1 row;");
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : List.of("demo", "generate", "ingest", "refresh", "query", "report", "asl-check")) {
            IcsmapRun help = run(command, "--help");
            assertThat(help.exitCode()).as(command).isZero();
            assertThat(help.out()).as(command).contains("Usage: icsmap " + command);
        }
    }

    @Test
    void refreshingAnEmptyHomeIsBadInput(@TempDir Path home) {
        IcsmapRun result = run("refresh", "--config", CONFIG, "--home", home.resolve("none").toString());
        assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(result.err()).contains("nothing has been ingested into");
    }

    @ParameterizedTest
    @ValueSource(strings = {"query", "report"})
    void readingAnEmptyHomeIsBadInput(String command, @TempDir Path home) {
        List<String> args = new java.util.ArrayList<>(List.of(command, "--config", CONFIG, "--home", home.resolve("none").toString()));
        if (command.equals("query")) {
            args.addAll(List.of("--role", "shared", "SELECT 1"));
        }
        IcsmapRun result = run(args.toArray(String[]::new));
        assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(result.err()).contains("no local home at", "run icsmap demo --out");
        assertThat(home.resolve("none")).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingest", "refresh", "query", "report", "reidentify"})
    void everyCommandOnALocalHomeTakesItsHomeAndConfig(String command) {
        IcsmapRun help = run(command, "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--home=DIR", "icsmap-home", "--config=FILE", "--verbose");
    }

    @Test
    void generateWritesWhereItIsTold(@TempDir Path out) throws Exception {
        IcsmapRun result = run("generate", "--config", CONFIG, "--population", "300", "--out", out.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        try (var files = Files.list(out.resolve("extracts"))) {
            assertThat(files.map(p -> p.getFileName().toString())).contains("RFS", "RTG", "RY8", "RXM", "RX9", "830", "831", "QJ2");
        }
    }

    @Test
    void aBadConfigIsExitCodeTwoWithThePreciseProblemAndNoStackTrace(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, Files.readString(Path.of(CONFIG)).replace("kind: acute", "kind: hospital"));
        IcsmapRun result = run("generate", "--config", config.toString(), "--out", dir.resolve("out").toString());
        assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(result.err()).contains("bad.yaml:", "providers[0].kind: 'hospital' is not a provider kind; allowed: acute")
                .doesNotContain("\tat org.");
    }

    @Test
    void aMissingConfigFileIsBadInput(@TempDir Path dir) {
        IcsmapRun result = run("generate", "--config", dir.resolve("none.yaml").toString(), "--out", dir.toString());
        assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(result.err()).contains("cannot read the file");
    }

    @Test
    void verboseShowsTheStackTrace(@TempDir Path dir) {
        IcsmapRun result = run("generate", "--verbose", "--config", dir.resolve("none.yaml").toString(), "--out", dir.toString());
        assertThat(result.err()).contains("\tat org.icsmap");
    }

    @Test
    void unknownOptionsAreUsageErrors() {
        IcsmapRun result = run("demo", "--populaton", "5");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(result.err()).contains("Unknown options: '--populaton'", "Possible solutions: --population");
    }

    @Test
    void aslCheckPrintsFailingCasesThenTheTotals() {
        IcsmapRun result = run("asl-check", "src/test/resources/asl-cases.jsonl");
        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.FAILURES_FOUND);
        List<String> lines = result.out().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.getFirst()).contains("deliberately/wrong-expectation");
        assertThat(lines.getLast()).isEqualTo("2 passed, 1 failed, 0 unsupported");
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo", "generate", "asl-check"})
    void everyCommandHasHelp(String command) {
        IcsmapRun result = run(command, "--help");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("Usage: icsmap " + command);
    }
}
