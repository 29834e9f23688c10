package org.icsmap.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.domain.feed.Feed;
import org.icsmap.fixtures.synthetic.Defect;
import org.icsmap.fixtures.synthetic.GenerationSummary;

/** The tables printed at the end of a command. */
final class SummaryTable {
    private final PrintWriter out;

    SummaryTable(PrintWriter out) {
        this.out = out;
    }

    void generation(IcsConfig config, GenerationSummary s, Path dir) {
        out.println();
        out.printf("Synthetic ICS %s: %s%n", config.code(), config.name());
        out.printf("  periods            %s to %s%n", s.firstMonth(), s.lastMonth());
        out.printf("  patients           %,d (%,d registered outside the ICS, %,d in care homes, %,d opted out)%n",
                s.persons(), s.registeredOutOfArea(), s.careHomeResidents(), s.optedOut());
        out.printf("  providers          %d sending %d extract files%n", s.rowsByProvider().size(), s.files());
        out.println();
        out.printf("  %-14s %12s %16s%n", "feed", "rows", "true cost");
        for (Feed feed : Feed.values()) {
            long rows = s.rowsByFeed().getOrDefault(feed, 0L);
            if (rows > 0) {
                out.printf("  %-14s %,12d %16s%n", feed.id(), rows, feed == Feed.OPT_OUT ? "" : pounds(s.costByFeed().getOrDefault(feed, 0L)));
            }
        }
        out.printf("  %-14s %,12d %16s%n", "total", s.totalRows(), pounds(s.totalCostPence()));
        out.println();
        out.printf("  %-28s %s%n", "rows per submitting provider", "");
        for (Map.Entry<String, Long> entry : s.rowsByProvider().entrySet()) {
            String name = config.provider(entry.getKey()).map(IcsConfig.Provider::name).orElse(entry.getKey());
            out.printf("    %-6s %-66s %,10d%n", entry.getKey(), name, entry.getValue());
        }
        out.println();
        out.print("  deliberate defects:");
        for (Defect defect : Defect.values()) {
            if (defect != Defect.NONE) {
                out.printf(" %s %,d;", defect.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '), s.defects().getOrDefault(defect, 0L));
            }
        }
        out.println();
        out.printf("  written to %s (extracts/ per provider, truth/ for tests) in %.1f s%n", dir.toAbsolutePath(), s.elapsed().toMillis() / 1000.0);
        out.flush();
    }

    void ingest(java.util.List<org.icsmap.domain.ingest.IngestReport> reports, double seconds, Path zones) {
        long in = 0;
        long curated = 0;
        long quarantined = 0;
        long duplicates = 0;
        long optedOut = 0;
        long rejected = 0;
        Map<String, Long> flagged = new java.util.TreeMap<>();
        Map<String, Long> reasons = new java.util.TreeMap<>();
        for (var report : reports) {
            if (report.rows() == null) {
                rejected++;
                continue;
            }
            in += report.rows().in();
            curated += report.rows().curated();
            quarantined += report.rows().quarantined();
            duplicates += report.rows().duplicates();
            optedOut += report.rows().optedOut();
            report.flagged().forEach((k, v) -> flagged.merge(k, v, Long::sum));
            report.quarantinedByReason().forEach((k, v) -> reasons.merge(k, v, Long::sum));
        }
        out.println();
        out.printf("Ingest: %d uploads (%d rejected whole) in %.1f s, %,.0f rows/s%n", reports.size(), rejected, seconds, in / Math.max(seconds, 1e-9));
        out.printf("  rows in      %,12d%n", in);
        out.printf("  curated      %,12d%n", curated);
        out.printf("  quarantined  %,12d   %s%n", quarantined, reasons);
        out.printf("  duplicates   %,12d%n", duplicates);
        out.printf("  opted out    %,12d%n", optedOut);
        out.printf("  %s%n", in == curated + quarantined + duplicates + optedOut ? "every row accounted for" : "ROWS DO NOT ADD UP");
        out.printf("  kept without a usable NHS number (unlinked, still costed): %s%n", flagged);
        out.printf("  zones (landing, curated, quarantine, vault, audit) under %s%n", zones.toAbsolutePath());
        out.flush();
    }

    static String pounds(long pence) {
        return String.format("£%,d.%02d", pence / 100, pence % 100);
    }
}
