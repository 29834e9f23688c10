package org.icsmap.sql.refresh;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.domain.marts.MartDefinition;
import org.icsmap.domain.marts.MartDefinition.Measure;
import org.icsmap.domain.port.SqlScript;
import org.icsmap.domain.port.SqlValue;

/**
 * Disclosure control, implemented once for every shared mart: a generated CTAS that reads the unsuppressed
 * mart {@code <name>_<snapshot>} (a view, so the mart's own query runs in this statement) and writes
 * {@code shared_<name>_<snapshot>}, the only table analysts' roles can read. For each count column independently:
 *
 * <ol>
 *   <li><b>primary suppression</b>: a count from 1 to N (config; default 7) is hidden, and with it every value
 *       linked to that count (the cell's cost, bed days, rates);</li>
 *   <li><b>secondary suppression</b>: each group of cells with a published total row is an equation
 *       (total = sum of cells) that an analyst can solve for one unknown. A group total that is also a cell of
 *       the parent mart ({@link MartDefinition#parent()}: practice ⊂ PCN ⊂ place) is hidden exactly when that
 *       cell is. If an equation is then left with exactly one hidden number, the smallest other non-zero visible
 *       cell is hidden too (or, if there is none, the total), so every equation has no unknown or at least two.
 *       Parents are decided first, so a PCN hidden only to protect a sibling PCN still gets one of its practices
 *       hidden in the practice mart (otherwise the practices would add up to it);</li>
 *   <li><b>rounding</b>: every visible count is rounded to the nearest M (default 5), half up, and never to a
 *       value from 1 to N (it becomes the smallest multiple of M above N instead); zero stays zero;</li>
 *   <li>values derived from a count (cost per patient, prevalence per 1,000) are recomputed from the rounded
 *       count, since the exact one would give the exact count back.</li>
 * </ol>
 *
 * <p>Why SQL rather than Java over query results: the shared marts must be tables in the marts zone that
 * Athena, JDBC and BI tools query directly, and access is enforced by storage. Generating the wrapper keeps
 * every byte of a shared mart produced by the engine inside the lake (no Lambda pulling row-level aggregates
 * out and writing Parquet back), runs unchanged on Athena and the local Trino, and is one generator driven by
 * each mart's {@link MartDefinition}, so no mart can forget a rule.
 */
public final class DisclosureControl {

    private final int suppressAtOrBelow;
    private final int roundTo;

    public DisclosureControl(IcsConfig.DisclosureControl settings) {
        this(settings.suppressAtOrBelow(), settings.roundTo());
    }

    public DisclosureControl(int suppressAtOrBelow, int roundTo) {
        if (suppressAtOrBelow < 0 || roundTo < 1) {
            throw new IllegalArgumentException("suppress at or below must be >= 0 and round to >= 1");
        }
        this.suppressAtOrBelow = suppressAtOrBelow;
        this.roundTo = roundTo;
    }

    public int suppressAtOrBelow() {
        return suppressAtOrBelow;
    }

    public int roundTo() {
        return roundTo;
    }

    /** The smallest count a published cell can show other than zero. */
    public long smallestVisibleCount() {
        return ((long) suppressAtOrBelow / roundTo + 1) * roundTo;
    }

    /** The name of a mart's shared (suppressed) table for a snapshot. */
    public static String sharedTable(MartDefinition mart, String snapshotId) {
        return "shared_" + mart.name() + "_" + new SqlValue.Identifier(snapshotId).name();
    }

    /** The CTAS writing the shared version of {@code mart} for a snapshot at {@code location}. */
    public SqlScript sharedMart(MartDefinition mart, String snapshotId, SqlValue.Location location) {
        return SqlScript.of("generated: disclosure control of " + mart.sqlFile(), sql(mart))
                .with("snapshot_id", SqlValue.identifier(snapshotId))
                .with("location", location);
    }

    String sql(MartDefinition mart) {
        if (mart.counts().isEmpty()) {
            throw new IllegalArgumentException(mart.name() + " has no count to control");
        }
        List<String> ctes = new ArrayList<>();
        String flags = flagCtes(mart, "", ctes);

        List<String> published = new ArrayList<>(mart.dimensions());
        List<String> output = new ArrayList<>(mart.dimensions());
        long half = roundTo / 2;
        for (Measure m : mart.measures()) {
            String name = column(m.name());
            switch (m.kind()) {
                case COUNT -> {
                    published.add(("CASE WHEN dc_hidden_%1$s THEN NULL WHEN %1$s = 0 THEN 0"
                            + " ELSE greatest((%1$s + %2$d) / %3$d * %3$d, %4$d) END AS %1$s")
                            .formatted(name, half, roundTo, smallestVisibleCount()));
                    output.add(name);
                }
                case LINKED -> {
                    published.add("CASE WHEN dc_hidden_%2$s THEN NULL ELSE %1$s END AS %1$s".formatted(name, column(m.linkedCount())));
                    output.add(name);
                }
                case PUBLIC -> {
                    published.add(name);
                    output.add(name);
                }
                case DERIVED -> output.add("CASE WHEN %2$s IS NULL OR %2$s = 0 THEN NULL ELSE %3$s END AS %1$s"
                        .formatted(name, column(m.linkedCount()), Objects.requireNonNull(m.expression())));
            }
        }
        ctes.add("""
                published AS (
                    SELECT
                        %s
                    FROM %s
                )""".formatted(String.join(",\n        ", published), flags));
        return """
                -- Generated by DisclosureControl from MartDefinition %1$s: do not edit.
                -- Local engine: a mart has at most thousands of rows, so one driver per step does the work
                -- with less hand-over between drivers than one per core.
                -- local engine: task_concurrency = 1
                CREATE TABLE shared_%1$s_${snapshot_id}
                WITH (external_location = ${location}, format = 'PARQUET')
                AS
                WITH %2$s
                SELECT
                    %3$s
                FROM published
                """.formatted(mart.name(), String.join(",\n", ctes), String.join(",\n    ", output));
    }

    /**
     * Appends the CTEs that decide which counts of {@code mart} are hidden, after those of its parents (a nested
     * mart repeats its parents' decisions rather than reading their shared tables, so every shared mart is one
     * statement independent of the others and all of them agree). Returns the name of the last CTE: every
     * column of the mart plus {@code dc_hidden_<count>} for each count.
     *
     * <p>Per count, within each group of cells summing to a total row (the equation total = sum of cells): a
     * count from 1 to N is hidden (primary); a group total whose cell in the parent mart is hidden is hidden too
     * (the same number, published twice). If that leaves exactly one unknown in the equation, the smallest
     * other non-zero visible cell is hidden as well, or, if there is none, the total.
     */
    private String flagCtes(MartDefinition mart, String prefix, List<String> ctes) {
        Optional<MartDefinition> parent = mart.parent();
        String parentFlags = parent.isPresent() ? flagCtes(parent.get(), prefix + "parent_", ctes) : null;
        List<Measure> counts = mart.counts();
        boolean secondary = mart.totalColumn().isPresent();
        String partition = mart.groupColumns().isEmpty() ? "" : "PARTITION BY " + String.join(", ", mart.groupColumns());
        String dims = String.join(", ", mart.dimensions());
        String total = mart.totalColumn().map(t -> "m." + t + " = '" + MartDefinition.TOTAL + "'").orElse("false");

        StringJoiner forced = new StringJoiner("");
        StringJoiner primary = new StringJoiner("");
        StringJoiner ranked = new StringJoiner("");
        StringJoiner hidden = new StringJoiner("");
        for (Measure count : counts) {
            String c = column(count.name());
            forced.add(",\n        " + (parentFlags == null ? "false" : "coalesce(p.dc_hidden_" + c + ", false)") + " AS dc_forced_" + c);
            primary.add(",\n        ((%1$s BETWEEN 1 AND %2$d) OR dc_forced_%1$s) AS dc_known_%1$s".formatted(c, suppressAtOrBelow));
            primary.add(",\n        (NOT (%1$s BETWEEN 1 AND %2$d) AND NOT dc_total AND %1$s > 0) AS dc_candidate_%1$s".formatted(c, suppressAtOrBelow));
            ranked.add(",\n        count_if(dc_known_%1$s) OVER (%2$s) AS dc_unknowns_%1$s".formatted(c, partition));
            ranked.add(",\n        count_if(dc_candidate_%1$s) OVER (%2$s) AS dc_candidates_%1$s".formatted(c, partition));
            ranked.add(",\n        row_number() OVER (%2$s ORDER BY %1$s, %3$s) AS dc_rank_%1$s".formatted(c,
                    partition.isEmpty() ? "PARTITION BY dc_candidate_" + c : partition + ", dc_candidate_" + c, dims));
            hidden.add(",\n        " + (secondary
                    ? ("dc_known_%1$s OR (dc_unknowns_%1$s = 1 AND ((dc_candidate_%1$s AND dc_rank_%1$s = 1)"
                    + " OR (dc_total AND dc_candidates_%1$s = 0))) AS dc_hidden_%1$s").formatted(c)
                    : "dc_known_%1$s AS dc_hidden_%1$s".formatted(c)));
        }
        String join = "";
        if (parentFlags != null) {
            StringJoiner on = new StringJoiner(" AND ", " ON ", " AND " + total);
            mart.groupColumns().forEach(g -> on.add("p." + column(g) + " = m." + column(g)));
            join = "\n    LEFT JOIN " + parentFlags + " AS p" + on;
        }
        ctes.add("""
                %1$scells AS (
                    SELECT m.*, %2$s AS dc_total%3$s
                    FROM %4$s_${snapshot_id} AS m%5$s
                )""".formatted(prefix, total, forced, mart.name(), join));
        ctes.add("""
                %1$sprimary_flags AS (
                    SELECT %1$scells.*%2$s
                    FROM %1$scells
                )""".formatted(prefix, primary));
        ctes.add("""
                %1$sranked AS (
                    SELECT %1$sprimary_flags.*%2$s
                    FROM %1$sprimary_flags
                )""".formatted(prefix, ranked));
        ctes.add("""
                %1$sflags AS (
                    SELECT %1$sranked.*%2$s
                    FROM %1$sranked
                )""".formatted(prefix, hidden));
        return prefix + "flags";
    }

    private static String column(String name) {
        return new SqlValue.Identifier(name).name();
    }
}
