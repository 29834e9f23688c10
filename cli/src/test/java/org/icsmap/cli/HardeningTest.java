package org.icsmap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
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

    private record Result(int exitCode, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Icsmap.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    private static Result ingest(Path home, String provider, String feed, String period) {
        return run("ingest", "--config", CONFIG, "--home", home.toString(), "--provider", provider, "--feed", feed, "--period", period,
                extracts.resolve(provider).resolve(feed + "_" + period + ".csv").toString());
    }

    @Test
    void finding2_aMissingKeystoreIsNeverSilentlyReplaced() throws Exception {
        Path home = dir.resolve("finding2");
        Result first = ingest(home, "RFS", "apc", "2024-05");
        assertThat(first.exitCode()).as(first.err()).isIn(ExitCodes.OK, ExitCodes.FAILURES_FOUND);
        Path keystore = home.resolve("keys/icsmap-keys.p12");
        assertThat(keystore).isRegularFile();

        Files.delete(keystore);
        Result second = ingest(home, "RFS", "apc", "2024-06");

        assertThat(second.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(second.err()).contains(keystore.toString(), "is missing").doesNotContain("\tat org.");
        assertThat(keystore).doesNotExist();
        assertThat(home.resolve("zones/curated/feed=apc/provider=RFS/period=2024-06")).doesNotExist();
    }

    @Test
    void finding2_reidentifyOnAMistypedHomeCreatesNeitherAHomeNorAKey() {
        Path typo = dir.resolve("icsmap-hmoe");

        Result result = run("reidentify", "--config", CONFIG, "--home", typo.toString(), "--org", "RFS", "--purpose", "direct_care",
                "a".repeat(64));

        assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(result.err()).contains("no local home at " + typo);
        assertThat(typo).doesNotExist();
    }
}
