package org.icsmap.domain.feed;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A canonical feed's columns, in header order, and which of them play the roles the pipeline needs.
 *
 * @param feed               the feed
 * @param title              a short title for people
 * @param grain              what one row is
 * @param columns            the canonical header, in order
 * @param periodDateColumn   the date that must fall inside the file's period, and the date of the activity (null for
 *                           opt_out, which has no period dates)
 * @param activity           what a row is as an activity (its cost code, bed days, diagnoses, supplied cost, care
 *                           home); empty for opt_out, which is not activity
 * @param maxLineLength      a line longer than this (in characters) is quarantined ROW_TOO_LONG
 */
public record FeedDefinition(Feed feed, String title, String grain, List<Column> columns, String periodDateColumn,
                             Optional<ActivityDefinition> activity, int maxLineLength) {

    /** The columns every activity feed has besides its person columns, which costing and linkage read by name. */
    public static final List<String> ACTIVITY_COLUMNS = List.of("gp_practice", "provider", "activity_id", "pod");

    public FeedDefinition {
        columns = List.copyOf(columns);
        Objects.requireNonNull(activity, "activity");
        Map<String, Column> seen = new LinkedHashMap<>();
        for (Column column : columns) {
            if (seen.put(column.name(), column) != null) {
                throw new IllegalArgumentException(feed + " defines column " + column.name() + " twice");
            }
        }
        List<String> roles = new ArrayList<>();
        if (periodDateColumn != null) {
            roles.add(periodDateColumn);
        }
        if (activity.isPresent()) {
            if (periodDateColumn == null) {
                throw new IllegalArgumentException(feed + " is activity, so it needs a period date to date it by");
            }
            roles.addAll(ACTIVITY_COLUMNS);
            roles.addAll(activity.get().columns());
        }
        for (String role : roles) {
            if (!seen.containsKey(role)) {
                throw new IllegalArgumentException(feed + " has no column " + role);
            }
        }
    }

    /** Whether the feed's rows are activity (every feed but the opt-out list). */
    public boolean isActivity() {
        return activity.isPresent();
    }

    /** The column of the cost the provider supplies on each row (PLICS or weekly cost), or null when none. */
    public String costColumn() {
        return activity.flatMap(ActivityDefinition::suppliedCost).map(SuppliedCost::column).orElse(null);
    }

    public List<String> header() {
        return columns.stream().map(Column::name).toList();
    }

    public Optional<Column> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public int indexOf(String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** The columns that reach {@code curated/} as they arrived (generalised and pseudonymised ones are replaced by derived columns). */
    public List<Column> keptColumns() {
        List<Column> kept = new ArrayList<>();
        for (Column column : columns) {
            if (column.handling() == Handling.KEEP) {
                kept.add(column);
            }
        }
        return Collections.unmodifiableList(kept);
    }
}
