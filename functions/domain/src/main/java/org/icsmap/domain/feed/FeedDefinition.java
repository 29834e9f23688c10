package org.icsmap.domain.feed;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A canonical feed's columns, in header order, and which of them play the roles the pipeline needs.
 *
 * @param feed               the feed
 * @param title              a short title for people
 * @param grain              what one row is
 * @param columns            the canonical header, in order
 * @param periodDateColumn   the date that must fall inside the file's period (null for opt_out, which has no period dates)
 * @param costColumn         the provider's own cost (PLICS) or weekly cost, or null
 * @param maxLineLength      a line longer than this (in characters) is quarantined ROW_TOO_LONG
 */
public record FeedDefinition(Feed feed, String title, String grain, List<Column> columns, String periodDateColumn,
                             String costColumn, int maxLineLength) {

    public FeedDefinition {
        columns = List.copyOf(columns);
        Map<String, Column> seen = new LinkedHashMap<>();
        for (Column column : columns) {
            if (seen.put(column.name(), column) != null) {
                throw new IllegalArgumentException(feed + " defines column " + column.name() + " twice");
            }
        }
        for (String role : new String[] {periodDateColumn, costColumn}) {
            if (role != null && !seen.containsKey(role)) {
                throw new IllegalArgumentException(feed + " has no column " + role);
            }
        }
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
