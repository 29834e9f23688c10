package org.icsmap.domain.marts;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One shared mart: the SQL file that builds it (before disclosure control) and what disclosure control
 * needs to know about its columns, which the file declares beside its query ({@link Marts}).
 *
 * <p>A mart's rows are cells. {@code dimensions} name a cell; {@code groupColumns} (a subset of the
 * dimensions) partition the cells into groups whose cells add up to a published total row, the row whose
 * {@code totalColumn} holds {@link #TOTAL}. Secondary suppression works within each group. A mart without
 * a total column has no differencing risk inside itself and gets primary suppression only.
 *
 * <p>Marts can nest: the cells of {@code cost_by_pcn} are the group totals of {@code cost_by_practice}
 * (practice ⊂ PCN ⊂ place). A mart's {@code parent} is the mart whose cells are its group totals, so that
 * disclosure control hides the same quantity in both or in neither, and carries a cell hidden in the parent
 * down into the child's group (a hidden total whose cells were all visible would be their sum).
 *
 * @param name         the mart's name: the SQL file is {@code marts/<name>.sql}, the table {@code <name>_<snapshot>}
 * @param dimensions   the columns that name a cell, in output order
 * @param groupColumns the dimensions that partition cells into groups summing to a total row (may be empty)
 * @param totalColumn  the dimension whose value {@link #TOTAL} marks a group's total row; empty when the mart has none
 * @param measures     every other column, in output order
 * @param parent       the mart whose cells are this mart's group totals: its dimensions are this mart's group
 *                     columns and it has every count this mart has; empty when the group totals appear nowhere else
 */
public record MartDefinition(String name, List<String> dimensions, List<String> groupColumns, Optional<String> totalColumn,
                             List<Measure> measures, Optional<MartDefinition> parent) {

    /** The value of the total column on a total row. */
    public static final String TOTAL = "TOTAL";

    public MartDefinition {
        Objects.requireNonNull(name, "name");
        dimensions = List.copyOf(dimensions);
        groupColumns = List.copyOf(groupColumns);
        measures = List.copyOf(measures);
        if (!dimensions.containsAll(groupColumns)) {
            throw new IllegalArgumentException(name + ": group columns must be dimensions");
        }
        Objects.requireNonNull(totalColumn, "totalColumn");
        if (totalColumn.isPresent() && (!dimensions.contains(totalColumn.get()) || groupColumns.contains(totalColumn.get()))) {
            throw new IllegalArgumentException(name + ": the total column must be a dimension outside the group columns");
        }
        List<String> countNames = measures.stream().filter(c -> c.kind() == Measure.Kind.COUNT).map(Measure::name).toList();
        for (Measure m : measures) {
            if (m.linkedCount() != null && !countNames.contains(m.linkedCount())) {
                throw new IllegalArgumentException(name + ": " + m.name() + " is linked to " + m.linkedCount() + ", which is not a count");
            }
        }
        Objects.requireNonNull(parent, "parent");
        if (parent.isPresent()) {
            MartDefinition p = parent.get();
            if (totalColumn.isEmpty() || !p.dimensions().equals(groupColumns)) {
                throw new IllegalArgumentException(name + ": the cells of parent " + p.name() + " must be this mart's group totals: its dimensions "
                        + p.dimensions() + " must be the group columns " + groupColumns);
            }
            List<String> parentCounts = p.counts().stream().map(Measure::name).toList();
            if (!parentCounts.containsAll(countNames)) {
                throw new IllegalArgumentException(name + ": parent " + p.name() + " lacks counts of " + countNames);
            }
        }
    }

    /** A mart whose group totals are published nowhere else. */
    public MartDefinition(String name, List<String> dimensions, List<String> groupColumns, Optional<String> totalColumn,
                          List<Measure> measures) {
        this(name, dimensions, groupColumns, totalColumn, measures, Optional.empty());
    }

    /** This mart, nested in {@code parent}: the parent's cells are this mart's group totals. */
    public MartDefinition within(MartDefinition parent) {
        return new MartDefinition(name, dimensions, groupColumns, totalColumn, measures, Optional.of(parent));
    }

    /** The SQL file under {@code sql/} that builds the unsuppressed mart. */
    public String sqlFile() {
        return Marts.DIRECTORY + name + ".sql";
    }

    /** The counts disclosure control suppresses and rounds. */
    public List<Measure> counts() {
        return measures.stream().filter(m -> m.kind() == Measure.Kind.COUNT).toList();
    }

    /**
     * A column that is not a dimension.
     *
     * @param kind        how disclosure control treats it
     * @param linkedCount the count whose suppression hides this value too (null for counts and public values)
     * @param expression  for a {@link Kind#DERIVED} value: the SQL expression over the mart's own columns that
     *                    computes it (the mart file computes it from exact values, the shared wrapper again from
     *                    the published ones)
     */
    public record Measure(String name, Kind kind, String linkedCount, String expression) {

        public enum Kind {
            /** A count of people or events: suppressed at 1..N, otherwise rounded to the nearest M. */
            COUNT,
            /** A cost, bed days or rate of the cell: shown exactly unless its linked count is suppressed. */
            LINKED,
            /**
             * A value computed from a count (cost per patient, prevalence per 1,000): recomputed from the published
             * (rounded) count, since the exact one would give the exact count back.
             */
            DERIVED,
            /** Public or non-disclosive (list sizes, labels): never touched. */
            PUBLIC
        }

        public Measure {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(kind, "kind");
        }

        public static Measure count(String name) {
            return new Measure(name, Kind.COUNT, null, null);
        }

        public static Measure linked(String name, String count) {
            return new Measure(name, Kind.LINKED, count, null);
        }

        public static Measure derived(String name, String count, String expression) {
            return new Measure(name, Kind.DERIVED, count, expression);
        }

        public static Measure published(String name) {
            return new Measure(name, Kind.PUBLIC, null, null);
        }
    }
}
