package org.icsmap.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.domain.feed.Feed;
import org.icsmap.domain.ingest.IngestReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code icsmap ingest FILE}: one provider extract into the local zones, as an upload would be on AWS. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Ingest one provider extract (CSV, optionally gzipped) into the local zones: it is placed in landing/ as an upload, "
                + "validated, pseudonymised and written to curated/, quarantine/ and vault/, with a report in audit/.")
final class IngestCommand implements Callable<Integer> {

    @Mixin
    LocalHomeOptions home;

    @Parameters(paramLabel = "FILE", description = "The extract.")
    Path file;

    @Option(names = "--provider", required = true, description = "ODS code of the sending provider.")
    String provider;

    @Option(names = "--feed", required = true, description = "Canonical feed: ${COMPLETION-CANDIDATES}.")
    String feed;

    @Option(names = "--period", required = true, description = "The month the extract covers, YYYY-MM.")
    String period;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        IcsConfig config = home.loadConfig();
        if (!Files.isRegularFile(file)) {
            throw new ExitCodes.UserError("no such file: " + file);
        }
        if (Feed.fromId(feed).isEmpty()) {
            throw new ExitCodes.UserError("'" + feed + "' is not a feed; allowed: " + Feed.allowedIds());
        }
        try {
            YearMonth.parse(period);
        } catch (DateTimeParseException e) {
            throw new ExitCodes.UserError("--period '" + period + "' is not a month in YYYY-MM form");
        }
        LocalHome local = home.open(config);
        String uploadId = UUID.randomUUID().toString();
        String key = "landing/provider=" + provider + "/feed=" + feed + "/period=" + period + "/" + uploadId
                + (file.getFileName().toString().endsWith(".gz") ? ".csv.gz" : ".csv");
        local.store.put(key, file, Map.of());
        IngestReport report = local.ingestService().ingest(key);
        print(spec.commandLine().getOut(), report);
        return report.outcome() == IngestReport.Outcome.REJECTED ? ExitCodes.BAD_INPUT
                : report.rows() != null && report.rows().quarantined() > 0 ? ExitCodes.FAILURES_FOUND : ExitCodes.OK;
    }

    static void print(PrintWriter out, IngestReport report) {
        out.printf("%s %s %s %s: %s%n", report.provider(), report.feed(), report.period(), report.uploadId(), report.outcome());
        if (report.rejection() != null) {
            out.printf("  rejected: %s: %s%n", report.rejection().reason(), report.rejection().message());
        }
        if (report.rows() != null) {
            IngestReport.Rows rows = report.rows();
            out.printf("  rows in %,d = curated %,d + quarantined %,d + duplicates %,d + opted out %,d%n", rows.in(), rows.curated(),
                    rows.quarantined(), rows.duplicates(), rows.optedOut());
            report.flagged().forEach((reason, n) -> out.printf("  kept but flagged %s: %,d%n", reason, n));
            report.quarantinedByReason().forEach((reason, n) -> out.printf("  quarantined %s: %,d%n", reason, n));
        }
        if (report.costs() != null) {
            IngestReport.Costs costs = report.costs();
            out.printf("  cost of rows not curated: opted out %s, quarantined %s%s, duplicates %s%n", SummaryTable.pence(costs.optedOut()),
                    SummaryTable.pence(costs.quarantined()), costs.quarantinedCostUnknownRows() == 0 ? ""
                            : String.format(" (+ %,d rows of unknown cost)", costs.quarantinedCostUnknownRows()), SummaryTable.pence(costs.duplicates()));
        }
        out.flush();
    }
}
