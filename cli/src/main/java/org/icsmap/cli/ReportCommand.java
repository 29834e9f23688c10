package org.icsmap.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.icsmap.cli.marts.HtmlReport;
import org.icsmap.cli.marts.MartsQuery;
import org.icsmap.local.trino.TrinoLocalQueryEngine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code icsmap report}: the board report from the published shared marts. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write the board report: one self-contained HTML page (charts inline, nothing fetched) from the published "
                + "shared, disclosure-controlled marts, read as the shared role.",
                "Exit codes: 0 written, 2 bad input (no published marts yet), 4 internal error."})
final class ReportCommand implements Callable<Integer> {

    @Mixin
    LocalHomeOptions home;

    @Option(names = "--out", description = "The HTML file to write (default: <home>/report/index.html).")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        LocalHome local = home.openForMarts(home.loadConfig());
        try (TrinoLocalQueryEngine engine = local.startEngine()) {
            Path file = write(local, engine, out);
            spec.commandLine().getOut().printf("Report: %s%n", file.toAbsolutePath());
            spec.commandLine().getOut().flush();
        }
        return ExitCodes.OK;
    }

    /** Writes the report of the home's published marts; shared with {@code demo}. */
    static Path write(LocalHome local, TrinoLocalQueryEngine engine, Path file) throws java.io.IOException {
        Path target = file != null ? file : local.root.resolve("report").resolve("index.html");
        String html;
        try {
            html = new HtmlReport(new MartsQuery(engine, LocalHome.BUCKET), local.config).render(Instant.now());
        } catch (org.icsmap.domain.port.QueryEngine.QueryFailedException e) {
            if (e.engineMessage().contains("does not exist")) {
                throw new ExitCodes.UserError("no published marts in " + local.root + " yet: run icsmap refresh --home " + local.root + " first");
            }
            throw e;
        }
        Files.createDirectories(target.toAbsolutePath().getParent());
        Files.writeString(target, html);
        return target;
    }
}
