package org.icsmap.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.icsmap.statemachine.conformance.ConformanceReport;
import org.icsmap.statemachine.conformance.ConformanceRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code icsmap asl-check FILE.jsonl}: the local ASL interpreter against recorded Step Functions executions. */
@Command(name = "asl-check", mixinStandardHelpOptions = true,
        description = "Run recorded Step Functions cases (one JSON object per line: definition, input, expected, task_results) "
                + "through the local ASL interpreter. Prints one line per failing case, then 'N passed, N failed, N unsupported'. "
                + "Exit code 1 if any case failed.")
final class AslCheckCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE.jsonl", description = "The cases file.")
    Path cases;

    @Option(names = "--verbose", description = "Print stack traces on errors.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(cases)) {
            throw new ExitCodes.UserError("no such file: " + cases);
        }
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        ConformanceReport report;
        try (PrintStream print = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            report = new ConformanceRunner().check(cases, print);
        }
        spec.commandLine().getOut().print(buffer.toString(StandardCharsets.UTF_8));
        spec.commandLine().getOut().flush();
        return report.failed() == 0 ? ExitCodes.OK : ExitCodes.FAILURES_FOUND;
    }
}
