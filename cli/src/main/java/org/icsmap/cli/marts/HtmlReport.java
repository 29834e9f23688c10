package org.icsmap.cli.marts;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;
import org.icsmap.domain.access.AnalystRole;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.domain.port.QueryEngine;

/**
 * The board report: one static, self-contained HTML page (no scripts, no fonts, nothing fetched) built only from the
 * shared, disclosure-controlled marts, read as the {@code shared} role through {@link MartsQuery}. Charts are inline
 * SVG drawn here; a suppressed cell is shown as such, never as zero.
 */
public final class HtmlReport {

    /** The id of every chart the page has, in page order (the browser test checks each is drawn). */
    public static final List<String> CHARTS = List.of("cost-concentration", "cost-by-place", "bed-days-by-place", "cost-by-practice",
            "organisations-known-to", "care-home-falls-uti", "deprivation-gradient");

    private static final String SUPPRESSED = "suppressed";

    private final MartsQuery marts;
    private final IcsConfig config;
    private final AnalystRole role = AnalystRole.shared();

    public HtmlReport(MartsQuery marts, IcsConfig config) {
        this.marts = marts;
        this.config = config;
    }

    /** A whole number with thousands separators (UK style); sections are built on several threads, so no shared NumberFormat. */
    private static String whole(long value) {
        return String.format(Locale.UK, "%,d", value);
    }

    /** A mart's rows as column name → value maps. */
    private List<Map<String, Object>> rows(String sql) {
        QueryEngine.Result result = marts.run(sql, role);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (List<Object> row : result.rows()) {
            Map<String, Object> named = new LinkedHashMap<>();
            for (int i = 0; i < result.columns().size(); i++) {
                named.put(result.columns().get(i).name(), row.get(i));
            }
            rows.add(named);
        }
        return rows;
    }

    /** The whole page. */
    public String render(Instant generated) {
        StringBuilder page = new StringBuilder(64 * 1024);
        page.append("""
                <!DOCTYPE html>
                <html lang="en-GB">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%1$s: who uses most of our services, and what it costs</title>
                <style>
                body { font-family: system-ui, -apple-system, "Segoe UI", Arial, sans-serif; margin: 0 auto; max-width: 60rem; padding: 1rem 1.5rem 3rem; color: #1d2b36; }
                h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { font-size: 1.25rem; margin-top: 2.2rem; border-bottom: 2px solid #005eb8; padding-bottom: .2rem; }
                p.lede { color: #425563; margin-top: 0; } .note { background: #f0f4f5; border-left: 4px solid #005eb8; padding: .6rem .9rem; font-size: .9rem; }
                table { border-collapse: collapse; width: 100%%; font-size: .85rem; margin: .6rem 0; } th, td { padding: .25rem .5rem; border-bottom: 1px solid #d8dde0; text-align: left; }
                td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; } tr.total td { font-weight: 600; border-top: 2px solid #425563; }
                .suppressed { color: #768692; font-style: italic; } svg.chart { display: block; width: 100%%; height: auto; margin: .5rem 0 1rem; }
                svg text { font-size: 12px; fill: #1d2b36; } .axis { stroke: #768692; stroke-width: 1; } .bar { fill: #005eb8; } .bar2 { fill: #ed8b00; }
                .hatch { fill: none; stroke: #768692; stroke-dasharray: 3 3; } .line { fill: none; stroke: #005eb8; stroke-width: 2.5; } .equal { stroke: #aeb7bd; stroke-dasharray: 4 4; }
                .kpis { display: flex; flex-wrap: wrap; gap: 1rem; } .kpi { flex: 1 1 11rem; background: #f0f4f5; padding: .6rem .8rem; } .kpi b { display: block; font-size: 1.4rem; }
                </style>
                </head>
                <body>
                <h1>%1$s</h1>
                <p class="lede">Which patients use most of our services, where do they live, and what does it cost the whole system?
                Report generated %2$s from the shared marts (ICS %3$s).</p>
                <p class="note"><b>Disclosure control.</b> Every figure here comes from the shared marts: counts of %4$d or fewer are
                <span class="suppressed">suppressed</span> together with the costs and bed days of those cells, the remaining counts are
                rounded to the nearest %5$d, and a further cell is suppressed where one could otherwise be worked out from a total.
                Suppressed cells are shown as such, never as zero. Totals may therefore differ slightly from the sum of the rows shown.</p>
                """.formatted(html(config.name()), generated.toString().substring(0, 16).replace('T', ' ') + " UTC", html(config.code()),
                config.disclosureControl().suppressAtOrBelow(), config.disclosureControl().roundTo()));
        List<Consumer<StringBuilder>> sections = List.of(this::headline, this::costConcentration, this::places, this::practices,
                this::organisationsKnownTo, this::careHomes, this::deprivation, this::dataQuality);
        // Each section's queries are small and the engine spends them planning rather than reading: the sections are
        // built side by side, each in its own buffer, and laid out in page order.
        try (ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()))) {
            List<Future<String>> built = new ArrayList<>();
            for (Consumer<StringBuilder> section : sections) {
                built.add(pool.submit(() -> {
                    StringBuilder part = new StringBuilder(8 * 1024);
                    section.accept(part);
                    return part.toString();
                }));
            }
            for (Future<String> part : built) {
                page.append(done(part));
            }
        }
        page.append("</body>\n</html>\n");
        return page.toString();
    }

    private static String done(Future<String> part) {
        try {
            return part.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing the report", e);
        }
    }

    private void headline(StringBuilder page) {
        Map<String, Object> total = rows("SELECT * FROM shared_totals_by_organisation WHERE organisation = 'TOTAL'").stream().findFirst().orElse(Map.of());
        page.append("<div class=\"kpis\">");
        kpi(page, "Total cost", money(total.get("cost")));
        kpi(page, "Patients", count(total.get("patients")));
        kpi(page, "Activities", count(total.get("activities")));
        kpi(page, "Bed days", count(total.get("bed_days")));
        page.append("</div>\n");
    }

    private void costConcentration(StringBuilder page) {
        Map<String, Map<String, Object>> byShare = index(rows("SELECT * FROM shared_cost_concentration"), "top_share");
        page.append("<h2>How concentrated is cost?</h2>\n<p>The share of all cost used by the costliest 1 %, 5 % and 20 % of patients.</p>\n");
        List<double[]> points = new ArrayList<>();
        points.add(new double[] {0, 0});
        for (var entry : List.of(Map.entry("top_1pct", 1.0), Map.entry("top_5pct", 5.0), Map.entry("top_20pct", 20.0))) {
            Object share = byShare.getOrDefault(entry.getKey(), Map.of()).get("share_of_cost");
            if (share != null) {
                points.add(new double[] {entry.getValue(), number(share) * 100});
            }
        }
        points.add(new double[] {100, 100});
        page.append(Svg.curve("cost-concentration", "Cost concentration curve: share of cost by share of patients, costliest first", points));
        page.append("<table><tr><th>patients</th><th class=\"n\">patients</th><th class=\"n\">cost</th><th class=\"n\">share of all cost</th></tr>\n");
        for (String share : List.of("top_1pct", "top_5pct", "top_20pct", "all")) {
            Map<String, Object> row = byShare.getOrDefault(share, Map.of());
            page.append("<tr><td>").append(share.equals("all") ? "all linked patients" : "costliest " + share.replace("top_", "").replace("pct", " %"))
                    .append("</td>").append(cell(count(row.get("patients")))).append(cell(money(row.get("cost"))))
                    .append(cell(percent(row.get("share_of_cost")))).append("</tr>\n");
        }
        page.append("</table>\n");
    }

    private void places(StringBuilder page) {
        List<Map<String, Object>> rows = rows("SELECT * FROM shared_cost_by_place ORDER BY place");
        Map<String, String> names = new TreeMap<>();
        config.places().forEach(p -> names.put(p.code(), p.name()));
        page.append("<h2>Cost and bed days by place</h2>\n<p>By the GP practice each patient is registered with.</p>\n");
        List<Map<String, Object>> cells = rows.stream().filter(r -> !"TOTAL".equals(r.get("place"))).toList();
        Function<Map<String, Object>, String> label = r -> names.getOrDefault(String.valueOf(r.get("place")), label(String.valueOf(r.get("place"))));
        page.append(Svg.bars("cost-by-place", "Cost by place (£)", bars(cells, label, "cost"), HtmlReport::moneyShort));
        page.append(Svg.bars("bed-days-by-place", "Bed days by place", bars(cells, label, "bed_days"), HtmlReport::countShort));
        table(page, rows, "place", label, List.of("patients", "activities", "cost", "bed_days", "cost_per_1000_registered"));
    }

    private void practices(StringBuilder page) {
        List<Map<String, Object>> rows = new ArrayList<>(rows("SELECT * FROM shared_cost_by_practice WHERE practice <> 'TOTAL'"));
        Map<String, String> names = new TreeMap<>();
        config.practices().forEach(p -> names.put(p.ods(), p.name()));
        rows.removeIf(r -> !names.containsKey(String.valueOf(r.get("practice"))));
        rows.sort(Comparator.comparing((Map<String, Object> r) -> r.get("cost_per_1000_registered") == null ? -1 : number(r.get("cost_per_1000_registered")))
                .reversed());
        List<Map<String, Object>> top = rows.subList(0, Math.min(20, rows.size()));
        Function<Map<String, Object>, String> label = r -> names.get(String.valueOf(r.get("practice"))) + " (" + r.get("practice") + ")";
        page.append("<h2>Cost by GP practice</h2>\n<p>The 20 practices with the highest cost per 1,000 registered patients, of ")
                .append(rows.size()).append(" in the ICS.</p>\n");
        page.append(Svg.bars("cost-by-practice", "Cost per 1,000 registered patients (£), highest 20 practices",
                bars(top, label, "cost_per_1000_registered"), HtmlReport::moneyShort));
        table(page, top, "practice", label, List.of("patients", "cost", "bed_days", "registered_patients", "cost_per_1000_registered",
                "bed_days_per_1000_registered"));
    }

    private void organisationsKnownTo(StringBuilder page) {
        List<Map<String, Object>> rows = rows("SELECT * FROM shared_organisations_known_to ORDER BY category, band");
        page.append("<h2>Patients known to more than one organisation</h2>\n<p>How many organisations in the ICS each linked patient ")
                .append("had contact with, and those whose only contact was A&amp;E.</p>\n");
        List<Map<String, Object>> cells = rows.stream().filter(r -> !"TOTAL".equals(r.get("band")) && !"other".equals(r.get("band"))).toList();
        Function<Map<String, Object>, String> label = r -> "ae_only".equals(r.get("band")) ? "A&E contact only"
                : "known to " + r.get("band") + (r.get("band").equals("1") ? " organisation" : " organisations");
        page.append(Svg.bars("organisations-known-to", "Patients by number of organisations they are known to", bars(cells, label, "patients"),
                HtmlReport::countShort));
        table(page, rows, "band", r -> "TOTAL".equals(r.get("band")) ? "all (" + r.get("category") + ")" : label.apply(r) + ("other".equals(r.get("band")) ? " (more than A&E)" : ""),
                List.of("patients", "cost"));
    }

    private void careHomes(StringBuilder page) {
        List<Map<String, Object>> rows = new ArrayList<>(rows("SELECT * FROM shared_cost_by_care_home"));
        page.append("<h2>Care homes: falls and urinary tract infections</h2>\n<p>Residents' attendances at acute settings with a fall ")
                .append("(ICD-10 W00–W19) or a urinary tract infection (N39).</p>\n");
        List<Map<String, Object>> homes = rows.stream().filter(r -> !"TOTAL".equals(r.get("care_home")))
                .sorted(Comparator.comparing((Map<String, Object> r) -> number(r.get("falls_attendances")) + number(r.get("uti_attendances"))).reversed())
                .limit(15).toList();
        Function<Map<String, Object>, String> label = r -> String.valueOf(r.get("care_home_name"));
        List<Svg.Bar> falls = bars(homes, label, "falls_attendances");
        List<Svg.Bar> utis = bars(homes, label, "uti_attendances");
        page.append(Svg.pairedBars("care-home-falls-uti", "Falls and UTI attendances by care home", falls, utis, "falls", "UTIs"));
        List<Map<String, Object>> shown = new ArrayList<>(homes);
        rows.stream().filter(r -> "TOTAL".equals(r.get("care_home"))).forEach(shown::add);
        table(page, shown, "care_home", r -> "TOTAL".equals(r.get("care_home")) ? "all care homes" : label.apply(r),
                List.of("residents", "cost", "bed_days", "falls_attendances", "uti_attendances"));
    }

    private void deprivation(StringBuilder page) {
        List<Map<String, Object>> rows = new ArrayList<>(rows("SELECT * FROM shared_cost_by_imd_decile"));
        rows.sort(Comparator.comparing((Map<String, Object> r) -> decileOrder(String.valueOf(r.get("imd_decile")))));
        page.append("<h2>Deprivation gradient</h2>\n<p>Cost per patient by the deprivation decile of where they live ")
                .append("(Index of Multiple Deprivation: 1 is the most deprived tenth of England).</p>\n");
        List<Map<String, Object>> deciles = rows.stream().filter(r -> String.valueOf(r.get("imd_decile")).matches("\\d+")).toList();
        page.append(Svg.bars("deprivation-gradient", "Cost per patient by IMD decile (£)",
                bars(deciles, r -> "decile " + r.get("imd_decile"), "cost_per_patient"), HtmlReport::moneyShort));
        table(page, rows, "imd_decile", r -> String.valueOf(r.get("imd_decile")).matches("\\d+") ? "decile " + r.get("imd_decile")
                : label(String.valueOf(r.get("imd_decile"))), List.of("patients", "cost", "bed_days", "cost_per_patient"));
    }

    private void dataQuality(StringBuilder page) {
        List<Map<String, Object>> rows = rows("SELECT * FROM shared_data_quality_coverage WHERE status = 'total' ORDER BY provider, feed");
        List<Map<String, Object>> missing = rows("SELECT provider, feed, period FROM shared_data_quality_coverage WHERE status = 'missing' ORDER BY provider, feed, period");
        Map<String, List<String>> missingBy = new TreeMap<>();
        missing.forEach(r -> missingBy.computeIfAbsent(r.get("provider") + "/" + r.get("feed"), k -> new ArrayList<>()).add(String.valueOf(r.get("period"))));
        Map<String, String> providers = new TreeMap<>();
        config.providers().forEach(p -> providers.put(p.ods(), p.name()));
        config.practices().forEach(p -> providers.putIfAbsent(p.ods(), p.name()));
        page.append("<h2>Data quality and coverage</h2>\n<p>Every agreed feed of every provider: rows received, how many could be linked ")
                .append("to a patient (a valid NHS number), how many had no cost, and the months that are missing.</p>\n");
        page.append("<table><tr><th>provider</th><th>feed</th><th class=\"n\">rows</th><th class=\"n\">linked</th><th class=\"n\">unlinked</th>")
                .append("<th class=\"n\">uncosted</th><th class=\"n\">cost</th><th>months missing</th></tr>\n");
        for (Map<String, Object> row : rows) {
            String provider = String.valueOf(row.get("provider"));
            List<String> gaps = missingBy.getOrDefault(provider + "/" + row.get("feed"), List.of());
            page.append("<tr><td>").append(html(providers.getOrDefault(provider, provider))).append(" (").append(html(provider)).append(")</td><td>")
                    .append(html(String.valueOf(row.get("feed")))).append("</td>")
                    .append(cell(count(row.get("received_rows")))).append(cell(count(row.get("linked_rows"))))
                    .append(cell(count(row.get("unlinked_rows")))).append(cell(count(row.get("uncosted_rows"))))
                    .append(cell(money(row.get("cost")))).append("<td>")
                    .append(gaps.isEmpty() ? "none" : html(gaps.size() + ": " + String.join(", ", gaps))).append("</td></tr>\n");
        }
        page.append("</table>\n");
        List<Map<String, Object>> organisations = rows("SELECT * FROM shared_totals_by_organisation ORDER BY organisation");
        page.append("<h3>Totals by organisation</h3>\n");
        table(page, organisations, "organisation", r -> "TOTAL".equals(r.get("organisation")) ? "all organisations"
                        : providers.getOrDefault(String.valueOf(r.get("organisation")), String.valueOf(r.get("organisation"))),
                List.of("activities", "patients", "cost", "bed_days", "unlinked_activities", "unlinked_cost", "uncosted_activities"));
    }

    // ---- building blocks ----

    private static List<Svg.Bar> bars(List<Map<String, Object>> rows, Function<Map<String, Object>, String> label, String column) {
        return rows.stream().map(r -> new Svg.Bar(label.apply(r), r.get(column) == null ? null : number(r.get(column)))).toList();
    }

    private static void table(StringBuilder page, List<Map<String, Object>> rows, String dimension, Function<Map<String, Object>, String> label,
                              List<String> columns) {
        page.append("<table><tr><th>").append(html(label(dimension))).append("</th>");
        columns.forEach(c -> page.append("<th class=\"n\">").append(html(label(c))).append("</th>"));
        page.append("</tr>\n");
        for (Map<String, Object> row : rows) {
            boolean total = "TOTAL".equals(row.get(dimension));
            page.append(total ? "<tr class=\"total\">" : "<tr>").append("<td>").append(html(label.apply(row))).append("</td>");
            for (String column : columns) {
                Object value = row.get(column);
                page.append(cell(column.contains("cost") ? money(value) : count(value)));
            }
            page.append("</tr>\n");
        }
        page.append("</table>\n");
    }

    private static void kpi(StringBuilder page, String label, String value) {
        page.append("<div class=\"kpi\">").append(html(label)).append("<b>").append(value).append("</b></div>");
    }

    private static String cell(String formatted) {
        return "<td class=\"n\">" + formatted + "</td>";
    }

    private static Map<String, Map<String, Object>> index(List<Map<String, Object>> rows, String key) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        rows.forEach(r -> out.put(String.valueOf(r.get(key)), r));
        return out;
    }

    private static int decileOrder(String decile) {
        return decile.matches("\\d+") ? Integer.parseInt(decile) : decile.equals("TOTAL") ? 99 : 98;
    }

    static double number(Object value) {
        return value == null ? 0 : value instanceof BigDecimal d ? d.doubleValue() : ((Number) value).doubleValue();
    }

    static String money(Object value) {
        if (value == null) {
            return "<span class=\"suppressed\">" + SUPPRESSED + "</span>";
        }
        return "£" + whole(Math.round(number(value)));
    }

    static String count(Object value) {
        if (value == null) {
            return "<span class=\"suppressed\">" + SUPPRESSED + "</span>";
        }
        return value instanceof Number n ? whole(n.longValue()) : html(String.valueOf(value));
    }

    static String percent(Object value) {
        return value == null ? "<span class=\"suppressed\">" + SUPPRESSED + "</span>" : String.format(Locale.UK, "%.1f %%", number(value) * 100);
    }

    static String moneyShort(double value) {
        return value >= 1_000_000 ? String.format(Locale.UK, "£%.1fm", value / 1e6) : value >= 10_000 ? String.format(Locale.UK, "£%.0fk", value / 1e3)
                : "£" + whole(Math.round(value));
    }

    static String countShort(double value) {
        return whole(Math.round(value));
    }

    static String label(String name) {
        return switch (name) {
            case "outside_ics" -> "registered outside the ICS";
            case "unregistered" -> "no registered practice";
            case "unknown" -> "unknown";
            case "TOTAL" -> "total";
            default -> name.replace('_', ' ');
        };
    }

    static String html(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
