package org.icsmap.sql.refresh;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.domain.marts.MartDefinition;
import org.icsmap.domain.marts.MartDefinition.Measure;
import org.icsmap.domain.port.SqlScript;
import org.icsmap.domain.port.SqlValue;

/**
 * Disclosure control, implemented once for every shared mart: a generated CTAS that reads the unsuppressed
 * mart {@code <name>_<snapshot>} and writes {@code shared_<name>_<snapshot>}, the only table analysts' roles
 * can read. For each count column independently:
 *
 * <ol>
 *   <li><b>primary suppression</b>: a count from 1 to N (config; default 7) is hidden, and with it every value
 *       linked to that count (the cell's cost, bed days, rates);</li>
 *   <li><b>secondary suppression</b>: within each group of cells that add up to a published total row, if
 *       exactly one cell is hidden, the smallest other non-zero visible cell is hidden too (so the total minus
 *       the visible cells gives only the sum of two hidden cells); if there is no such cell, the total is hidden;</li>
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
        List<Measure> counts = mart.counts();
        boolean secondary = mart.totalColumn().isPresent();
        String partition = mart.groupColumns().isEmpty() ? "" : "PARTITION BY " + String.join(", ", mart.groupColumns());
        String dims = String.join(", ", mart.dimensions());
        String total = mart.totalColumn().map(t -> t + " = '" + MartDefinition.TOTAL + "'").orElse("false");

        StringJoiner primary = new StringJoiner(",\n        ", ",\n        ", "");
        StringJoiner ranked = new StringJoiner(",\n        ", ",\n        ", "");
        StringJoiner hidden = new StringJoiner(",\n        ", ",\n        ", "");
        for (Measure count : counts) {
            String c = column(count.name());
            primary.add("(%1$s BETWEEN 1 AND %2$d) AS dc_primary_%1$s".formatted(c, suppressAtOrBelow));
            primary.add("(NOT (%1$s BETWEEN 1 AND %2$d) AND NOT dc_total AND %1$s > 0) AS dc_candidate_%1$s".formatted(c, suppressAtOrBelow));
            ranked.add("count_if(dc_primary_%1$s AND NOT dc_total) OVER (%2$s) AS dc_suppressed_%1$s".formatted(c, partition));
            ranked.add("count_if(dc_candidate_%1$s) OVER (%2$s) AS dc_candidates_%1$s".formatted(c, partition));
            ranked.add("row_number() OVER (%2$s ORDER BY %1$s, %3$s) AS dc_rank_%1$s".formatted(c,
                    partition.isEmpty() ? "PARTITION BY dc_candidate_" + c : partition + ", dc_candidate_" + c, dims));
            hidden.add(secondary
                    ? ("dc_primary_%1$s OR (dc_suppressed_%1$s = 1 AND ((dc_candidate_%1$s AND dc_rank_%1$s = 1)"
                    + " OR (dc_total AND dc_candidates_%1$s = 0))) AS dc_hidden_%1$s").formatted(c)
                    : "dc_primary_%1$s AS dc_hidden_%1$s".formatted(c));
        }

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
        if (counts.isEmpty()) {
            throw new IllegalArgumentException(mart.name() + " has no count to control");
        }
        return """
                -- Generated by DisclosureControl from MartDefinition %1$s: do not edit.
                CREATE TABLE shared_%1$s_${snapshot_id}
                WITH (external_location = ${location}, format = 'PARQUET')
                AS
                WITH cells AS (
                    SELECT m.*, %2$s AS dc_total
                    FROM %1$s_${snapshot_id} AS m
                ),
                primary_flags AS (
                    SELECT
                        cells.*%3$s
                    FROM cells
                ),
                ranked AS (
                    SELECT
                        primary_flags.*%4$s
                    FROM primary_flags
                ),
                flags AS (
                    SELECT
                        ranked.*%5$s
                    FROM ranked
                ),
                published AS (
                    SELECT
                        %6$s
                    FROM flags
                )
                SELECT
                    %7$s
                FROM published
                """.formatted(mart.name(), total, primary, ranked, hidden, String.join(",\n        ", published),
                String.join(",\n    ", output));
    }

    private static String column(String name) {
        return new SqlValue.Identifier(name).name();
    }
}
