package org.icsmap.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.domain.feed.Feed;
import org.icsmap.synthetic.Defect;
import org.icsmap.synthetic.GenerationSummary;

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

    /** The demo's closing table: where the rows went, what the marts say, and the findings worth a look. */
    void outcome(IcsConfig config, java.util.List<org.icsmap.domain.ingest.IngestReport> reports, org.icsmap.cli.marts.MartsQuery marts,
                 Path report, double seconds) {
        long in = 0;
        long curated = 0;
        long quarantined = 0;
        long duplicates = 0;
        long optedOut = 0;
        for (var r : reports) {
            if (r.rows() != null) {
                in += r.rows().in();
                curated += r.rows().curated();
                quarantined += r.rows().quarantined();
                duplicates += r.rows().duplicates();
                optedOut += r.rows().optedOut();
            }
        }
        org.icsmap.domain.access.AnalystRole shared = org.icsmap.domain.access.AnalystRole.shared();
        java.util.function.Function<String, java.util.List<Object>> row = sql -> {
            var rows = marts.run(sql, shared).rows();
            return rows.isEmpty() ? java.util.Collections.nCopies(8, null) : rows.getFirst();
        };
        java.util.List<Object> total = row.apply("SELECT patients, cost, bed_days FROM shared_totals_by_organisation WHERE organisation = 'TOTAL'");
        out.println();
        out.printf("icsmap demo: %s, in %.0f s%n", config.name(), seconds);
        out.println("  ---------------------------------------------------------------");
        out.printf("  rows in                          %,16d%n", in);
        out.printf("  accepted into curated            %,16d%n", curated);
        out.printf("  quarantined (with reasons)       %,16d%n", quarantined);
        out.printf("  exact duplicates dropped         %,16d%n", duplicates);
        out.printf("  opted out (national data opt-out)%,16d%n", optedOut);
        out.printf("  patients linked (rounded to %d)   %16s%n", config.disclosureControl().roundTo(), whole(total.get(0)));
        out.printf("  bed days                         %16s%n", whole(total.get(2)));
        costLines(total.get(1), reports);
        out.println("  ---------------------------------------------------------------");
        out.println("  top findings (from the shared, disclosure-controlled marts):");
        java.util.List<Object> top5 = row.apply("SELECT share_of_cost FROM shared_cost_concentration WHERE top_share = 'top_5pct'");
        java.util.List<Object> top20 = row.apply("SELECT share_of_cost FROM shared_cost_concentration WHERE top_share = 'top_20pct'");
        out.printf("   - the costliest 5%% of patients use %s of all cost; the costliest 20%%, %s%n", share(top5.get(0)), share(top20.get(0)));
        java.util.List<Object> known = row.apply("SELECT patients, cost FROM shared_organisations_known_to WHERE category = 'organisations' AND band = '3+'");
        out.printf("   - %s patients are known to 3 or more organisations, costing %s%n", whole(known.get(0)), money(known.get(1)));
        java.util.List<Object> place = row.apply("SELECT place, cost_per_1000_registered FROM shared_cost_by_place WHERE place NOT IN ('TOTAL', 'outside_ics', "
                + "'unregistered') AND cost_per_1000_registered IS NOT NULL ORDER BY cost_per_1000_registered DESC LIMIT 1");
        String placeName = place.get(0) == null ? "(every place suppressed)" : config.places().stream().filter(p -> p.code().equals(place.get(0)))
                .map(IcsConfig.Place::name).findFirst().orElse(String.valueOf(place.get(0)));
        out.printf("   - highest cost per 1,000 registered patients: %s, %s%n", placeName, money(place.get(1)));
        java.util.List<Object> most = row.apply("SELECT cost_per_patient FROM shared_cost_by_imd_decile WHERE imd_decile = '1'");
        java.util.List<Object> least = row.apply("SELECT cost_per_patient FROM shared_cost_by_imd_decile WHERE imd_decile = '10'");
        out.printf("   - cost per patient: %s in the most deprived tenth, %s in the least%n", money(most.get(0)), money(least.get(0)));
        java.util.List<Object> home = row.apply("SELECT care_home_name, falls_attendances FROM shared_cost_by_care_home WHERE care_home <> 'TOTAL' "
                + "AND falls_attendances IS NOT NULL ORDER BY falls_attendances DESC LIMIT 1");
        if (home.get(0) != null) {
            out.printf("   - most falls attendances from one care home: %s (%s)%n", home.get(0), whole(home.get(1)));
        }
        out.printf("  report: %s%n", report.toAbsolutePath());
        out.printf("  try:    ./icsmap query --home %s --role shared \"SELECT * FROM shared_cost_by_place\"%n",
                report.toAbsolutePath().getParent().getParent());
        out.flush();
    }

    /**
     * After a refresh: the cost in the published marts beside what ingest reported for the rows that never reached
     * them, from the reports of the uploads curated holds now.
     */
    void costs(Object martsTotal, java.util.List<org.icsmap.domain.ingest.IngestReport> reports) {
        out.println("  ---------------------------------------------------------------");
        costLines(martsTotal, reports);
        out.println("  ---------------------------------------------------------------");
        out.flush();
    }

    /**
     * The total cost in the marts, then what the rows ingest dropped cost (docs/marts.md, "Cost reconciliation"):
     * opted out and quarantined rows, with how many quarantined rows' cost could not be read, and the duplicate
     * lines dropped. Exact pounds and pence.
     */
    private void costLines(Object martsTotal, java.util.List<org.icsmap.domain.ingest.IngestReport> reports) {
        org.icsmap.domain.ingest.IngestReport.Costs dropped = org.icsmap.domain.ingest.IngestReport.Costs.NONE;
        long withoutCosts = 0;
        for (var r : reports) {
            if (r.costs() != null) {
                dropped = dropped.plus(r.costs());
            } else if (r.rows() != null && !"opt_out".equals(r.feed())) {
                withoutCosts++; // written before reports priced dropped rows
            }
        }
        out.printf("  total cost in the marts          %16s%n", pence(martsTotal));
        out.printf("  not in the marts: opted out      %16s%s%n", pence(dropped.optedOut()),
                unknown(dropped.optedOutCostUnknownRows(), "opted-out"));
        out.printf("                    quarantined    %16s%s%n", pence(dropped.quarantined()),
                unknown(dropped.quarantinedCostUnknownRows(), "quarantined"));
        out.printf("                    duplicates     %16s  (exact copies dropped; the marts count each row once)%s%n",
                pence(dropped.duplicates()), unknown(dropped.duplicatesCostUnknownRows(), "duplicate"));
        if (withoutCosts > 0) {
            out.printf("  (%,d uploads' reports predate the costing of dropped rows: their dropped rows are not in these sums)%n", withoutCosts);
        }
    }

    private static String unknown(long rows, String what) {
        return rows == 0 ? "" : String.format("  + %,d %s row%s of unknown cost", rows, what, rows == 1 ? "" : "s");
    }

    /** Pounds and pence, exactly (a decimal from the marts or a report; never through a double). */
    static String pence(Object value) {
        if (value == null) {
            return "suppressed";
        }
        java.math.BigDecimal pounds = value instanceof java.math.BigDecimal d ? d : new java.math.BigDecimal(value.toString());
        return String.format("£%,.2f", pounds.setScale(2, java.math.RoundingMode.UNNECESSARY));
    }

    private static String whole(Object value) {
        return value == null ? "suppressed" : String.format("%,d", ((Number) value).longValue());
    }

    private static String money(Object value) {
        return value == null ? "suppressed" : String.format("£%,.0f", ((Number) value).doubleValue());
    }

    private static String share(Object value) {
        return value == null ? "(suppressed)" : String.format("%.0f%%", ((Number) value).doubleValue() * 100);
    }
}
