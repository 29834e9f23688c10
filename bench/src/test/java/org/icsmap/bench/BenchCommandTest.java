package org.icsmap.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.icsmap.cli.Icsmap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code icsmap bench} is found on the class path (CommandProvider) and answers like every other command. */
class BenchCommandTest {

    @ParameterizedTest
    @ValueSource(strings = {"bench", "bench generate", "bench ingest", "bench refresh"})
    void everyBenchCommandHasHelp(String command) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] args = (command + " --help").split(" ");
        int code = Icsmap.run(new PrintWriter(out), new PrintWriter(err), args);
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Usage: icsmap " + command);
    }
}
