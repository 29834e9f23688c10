package org.icsmap.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.icsmap.cli.marts.MartsQuery;
import org.icsmap.domain.access.AnalystRole;
import org.icsmap.domain.port.QueryEngine;
import org.icsmap.local.trino.TrinoLocalQueryEngine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code icsmap query}: an analyst's SQL on the local marts, as a role. */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = {"Run a query on the local marts as an analyst role and print the result as a table.",
                "A role may read only the storage its AWS role may: shared reads the disclosure-controlled marts (marts/snapshot=*/shared/, "
                        + "e.g. the views shared_cost_by_place), org:<ODS> also its own outputs (marts/org=<ODS>/). Every table the query "
                        + "reads, through any view, is checked before it runs.",
                "Exit codes: 0 ok, 2 bad input or SQL error, 3 access denied, 4 internal error."})
final class QueryCommand implements Callable<Integer> {

    @Mixin
    LocalHomeOptions home;

    @Parameters(paramLabel = "SQL", description = "The query (SELECT, WITH, VALUES or TABLE), e.g. \"SELECT * FROM shared_cost_by_place\".")
    String sql;

    @Option(names = "--role", required = true, description = "shared, or org:<ODS> for one organisation's analysts.")
    String role;

    @Option(names = "--max-rows", defaultValue = "200", description = "Rows to print at most (default: ${DEFAULT-VALUE}).")
    int maxRows;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        AnalystRole analyst = AnalystRole.parse(role);
        LocalHome local = home.openForMarts(home.loadConfig());
        try (TrinoLocalQueryEngine engine = local.startEngine()) {
            QueryEngine.Result result = new MartsQuery(engine, LocalHome.BUCKET).run(sql, analyst);
            print(spec.commandLine().getOut(), result, maxRows);
        }
        return ExitCodes.OK;
    }

    static void print(PrintWriter out, QueryEngine.Result result, int maxRows) {
        List<String> names = result.columns().stream().map(QueryEngine.Column::name).toList();
        List<List<String>> cells = new ArrayList<>();
        for (List<Object> row : result.rows().subList(0, Math.min(maxRows, result.rows().size()))) {
            cells.add(row.stream().map(v -> v == null ? "·" : v instanceof java.math.BigDecimal d ? d.toPlainString() : v.toString()).toList());
        }
        int[] widths = new int[names.size()];
        for (int c = 0; c < names.size(); c++) {
            widths[c] = names.get(c).length();
            for (List<String> row : cells) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < names.size(); c++) {
            line.append(c == 0 ? "" : " | ").append(pad(names.get(c), widths[c], false));
        }
        out.println(line);
        out.println("-".repeat(line.length()));
        for (List<String> row : cells) {
            StringBuilder text = new StringBuilder();
            for (int c = 0; c < names.size(); c++) {
                boolean numeric = result.columns().get(c).type().matches("(big|small|tiny)?int.*|integer|decimal.*|double|real");
                text.append(c == 0 ? "" : " | ").append(pad(row.get(c), widths[c], numeric));
            }
            out.println(text);
        }
        out.printf("(%d row%s%s; · is NULL: in a shared mart, a suppressed cell)%n", result.rows().size(), result.rows().size() == 1 ? "" : "s",
                result.rows().size() > maxRows ? ", first " + maxRows + " shown" : "");
        out.flush();
    }

    private static String pad(String text, int width, boolean right) {
        String space = " ".repeat(Math.max(0, width - text.length()));
        return right ? space + text : text + space;
    }
}
