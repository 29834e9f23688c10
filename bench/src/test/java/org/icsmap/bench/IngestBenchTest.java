package org.icsmap.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.icsmap.cli.Icsmap;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.domain.config.IcsConfigLoader;
import org.icsmap.domain.feed.Feed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code icsmap bench ingest} as a smoke test: it runs and reports both engines. Never asserts on speed. */
class IngestBenchTest {

    private static final String CONFIG = "../config/example-ics.yaml";

    @Test
    void benchIngestReportsBothEnginesAndTheRatio(@TempDir Path work) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Icsmap.run(new PrintWriter(out), new PrintWriter(err), "bench", "ingest", "--config", CONFIG, "--rows", "20000", "--runs", "2",
                "--warmups", "1", "--work", work.toString());
        assertThat(code).as(err.toString()).isZero();
        String text = out.toString();
        assertThat(text).contains("1 warm-up + 2 timed run(s) per engine")
                .containsPattern("(?m)^icsmap +full ingest.* 20,000 ")
                .containsPattern("(?m)^duckdb +CSV -> sha256\\(nhs_number\\) -> Parquet zstd.* 20,000 ")
                .containsPattern("ratio icsmap/DuckDB \\(rows/s\\): \\d+\\.\\d\\dx best")
                .containsPattern("run by run .*: median \\d+\\.\\d\\dx, from \\d+\\.\\d\\dx to \\d+\\.\\d\\dx")
                .containsPattern("(?m)^  icsmap timed runs, wall s \\(thread CPU s\\): [0-9.]+ \\([0-9.]+\\), [0-9.]+ \\([0-9.]+\\)$")
                .containsPattern("(?m)^  duckdb timed runs, wall s \\(thread CPU s\\): [0-9.]+ \\([0-9.]+\\), [0-9.]+ \\([0-9.]+\\)$")
                .contains("in 20,000 = curated", "SET threads TO 1", "COPY (SELECT sha256(nhs_number) AS person_id");
    }

    @Test
    void theBenchFileIsOneValidMonthDeterministicAndCached(@TempDir Path dir) throws Exception {
        IcsConfig config = new IcsConfigLoader().load(Path.of(CONFIG));
        ApcBenchFile.Built first = ApcBenchFile.ensure(config, dir.resolve("a"), 5_000, 7);
        ApcBenchFile.Built second = ApcBenchFile.ensure(config, dir.resolve("b"), 5_000, 7);
        assertThat(first.cached()).isFalse();
        assertThat(Files.mismatch(first.apc(), second.apc())).isEqualTo(-1L);
        assertThat(ApcBenchFile.ensure(config, dir.resolve("a"), 5_000, 7).cached()).isTrue();

        List<String> lines = Files.readAllLines(first.apc());
        assertThat(lines.getFirst()).isEqualTo(String.join(",", Feed.APC.definition().header()));
        assertThat(lines).hasSize(5_001);
        Set<String> activityIds = new HashSet<>();
        String previous = null;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            if (!line.equals(previous)) {
                assertThat(activityIds.add(f[6])).as("activity id %s is unique", f[6]).isTrue();
            }
            previous = line;
            if (f[11].equals("2024-05-32")) {
                continue; // the generator's impossible-date defect, kept
            }
            LocalDate end = LocalDate.parse(f[11]);
            assertThat(YearMonth.from(end)).isEqualTo(YearMonth.of(2024, 5));
            LocalDate start = LocalDate.parse(f[10]);
            LocalDate admitted = LocalDate.parse(f[8]);
            assertThat(admitted).isBeforeOrEqualTo(start);
            assertThat(start).isBeforeOrEqualTo(end);
            assertThat(LocalDate.parse(f[1])).isBeforeOrEqualTo(admitted);
        }
    }
}
