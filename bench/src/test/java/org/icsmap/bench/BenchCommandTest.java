package org.icsmap.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.icsmap.cli.Icsmap;
import org.junit.jupiter.api.Test;

/** {@code icsmap bench} joins the command line only where this module is on the class path, so its help is checked here. */
class BenchCommandTest {

    @Test
    void benchHasHelp() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(Icsmap.run(new PrintWriter(out), new PrintWriter(err), "bench", "--help")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Usage: icsmap bench");
    }
}
