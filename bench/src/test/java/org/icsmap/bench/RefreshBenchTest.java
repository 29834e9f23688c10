package org.icsmap.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.icsmap.cli.Icsmap;
import org.icsmap.domain.marts.MartDefinition;
import org.icsmap.sql.MartFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code icsmap bench refresh} as a smoke test on a tiny ICS: it refreshes and reports every statement. Never asserts on speed. */
class RefreshBenchTest {

    @Test
    void benchRefreshReportsEveryMartWithTheBytesItRead(@TempDir Path work) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] args = {"bench", "refresh", "--config", "../config/example-ics.yaml", "--population", "1500", "--months", "2", "--work", work.toString()};
        int code = Icsmap.run(new PrintWriter(out), new PrintWriter(err), args);
        assertThat(code).as(err.toString()).isZero();
        String text = out.toString();
        assertThat(text).contains("curated data: ").containsPattern("engine start \\d+\\.\\d s \\+ refresh \\d+\\.\\d s = \\d+\\.\\d s wall")
                .containsPattern("(?m)^ORGANISATION_OUTPUT +10 ");
        for (MartDefinition mart : MartFiles.shared()) {
            // every shared mart's statement reads something from storage; the figure is what Athena would bill
            assertThat(text).containsPattern("(?m)^" + mart.name() + " +\\d+\\.\\d\\d +\\d+\\.\\d\\d +\\d+\\.\\d\\d ")
                    .doesNotContainPattern("(?m)^" + mart.name() + " +\\d+\\.\\d\\d +\\d+\\.\\d\\d +0\\.00 ");
        }
        // A second run reuses the ingested ICS and starts the warehouse afresh.
        StringWriter again = new StringWriter();
        assertThat(Icsmap.run(new PrintWriter(again), new PrintWriter(err), args)).as(err.toString()).isZero();
        assertThat(again.toString()).contains("curated data: cached");
    }
}
