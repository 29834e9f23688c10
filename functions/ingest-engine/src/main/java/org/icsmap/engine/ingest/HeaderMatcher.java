package org.icsmap.engine.ingest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.domain.config.IcsConfig.ColumnMapping;
import org.icsmap.domain.feed.Column;
import org.icsmap.domain.feed.FeedDefinition;
import org.icsmap.domain.feed.ReasonCode;

/**
 * Maps a file's header to its feed's canonical columns: by the canonical names, or by the provider's
 * own names when the ICS config has a column mapping for that provider and feed. Names match exactly
 * (case and spaces count); the order in the file is free. Every canonical column must be present
 * once and nothing else may be; otherwise the file is rejected {@code FILE_HEADER_MISMATCH} with a
 * message listing the missing columns (by the names the provider was expected to send), the
 * unexpected headers and the duplicated ones.
 *
 * <p>A header is not data, so its names may be echoed, but a file sent without its header has a data
 * row in its first line: when fewer than half of the expected names are found the first line is not
 * treated as a header and none of its values are repeated.
 */
public final class HeaderMatcher {

    /** At most this many names are listed per kind of problem, each cut to this length. */
    private static final int MAX_LISTED = 20;
    private static final int MAX_NAME = 64;

    private HeaderMatcher() {
    }

    /** Matches with the provider's column mapping for the feed, if the config has one. */
    public static ColumnLayout match(List<String> header, FeedDefinition definition, IcsConfig config, String providerOds)
            throws ExtractRejectedException {
        Optional<ColumnMapping> mapping = config.provider(providerOds).flatMap(p -> p.columnMapping(definition.feed()));
        return match(header, definition, mapping, providerOds);
    }

    /**
     * @param mapping     the provider's names, or empty for the canonical names
     * @param providerOds for the message only
     */
    public static ColumnLayout match(List<String> header, FeedDefinition definition, Optional<ColumnMapping> mapping, String providerOds)
            throws ExtractRejectedException {
        List<Column> columns = definition.columns();
        // Expected header name → canonical index.
        Map<String, Integer> expected = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            String name = columns.get(i).name();
            expected.put(mapping.map(m -> m.providerColumnFor().getOrDefault(name, name)).orElse(name), i);
        }
        int[] positionOf = new int[columns.size()];
        java.util.Arrays.fill(positionOf, -1);
        Set<String> unexpected = new LinkedHashSet<>();
        Set<String> duplicated = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int position = 0; position < header.size(); position++) {
            String name = header.get(position);
            if (seen.put(name, position) != null) {
                duplicated.add(name);
            }
            Integer canonical = expected.get(name);
            if (canonical == null) {
                unexpected.add(name);
            } else if (positionOf[canonical] < 0) {
                positionOf[canonical] = position;
            }
        }
        List<String> missing = new ArrayList<>();
        int found = 0;
        for (Map.Entry<String, Integer> e : expected.entrySet()) {
            if (positionOf[e.getValue()] < 0) {
                String canonicalName = columns.get(e.getValue()).name();
                missing.add(e.getKey().equals(canonicalName) ? e.getKey() : e.getKey() + " (" + canonicalName + ")");
            } else {
                found++;
            }
        }
        if (missing.isEmpty() && unexpected.isEmpty() && duplicated.isEmpty()) {
            return new ColumnLayout(definition, positionOf, header.size());
        }
        throw new ExtractRejectedException(ReasonCode.FILE_HEADER_MISMATCH,
                message(header, definition, mapping.isPresent(), providerOds, found, expected.size(), missing, unexpected, duplicated));
    }

    private static String message(List<String> header, FeedDefinition definition, boolean mapped, String providerOds, int found,
                                  int expectedCount, List<String> missing, Set<String> unexpected, Set<String> duplicated) {
        StringBuilder text = new StringBuilder("the header does not match feed ").append(definition.feed().id());
        text.append(mapped ? " as provider " + providerOds + "'s column mapping names it" : " (canonical column names)");
        if (found * 2 < expectedCount) {
            // Probably no header at all (the first line is a data row), or another feed's file: echo nothing from it.
            text.append(": only ").append(found).append(" of the ").append(expectedCount).append(" expected columns were found among its ")
                    .append(header.size()).append(" fields; does the file start with its header line, and is it the right feed?");
            if (mapped && canonicalHeader(header, definition)) {
                text.append(" (it has the canonical column names, but the ICS config maps provider ").append(providerOds)
                        .append("'s ").append(definition.feed().id()).append(" columns to its own names)");
            }
            text.append(" Expected: ").append(list(missing, missing.size()));
            return text.toString();
        }
        String separator = ": ";
        if (!missing.isEmpty()) {
            text.append(separator).append("missing ").append(list(missing, missing.size()));
            separator = "; ";
        }
        if (!unexpected.isEmpty()) {
            text.append(separator).append("unexpected ").append(list(unexpected, unexpected.size()));
            separator = "; ";
        }
        if (!duplicated.isEmpty()) {
            text.append(separator).append("duplicated ").append(list(duplicated, duplicated.size()));
        }
        return text.toString();
    }

    private static boolean canonicalHeader(List<String> header, FeedDefinition definition) {
        return Set.copyOf(header).containsAll(definition.header());
    }

    private static String list(Iterable<String> names, int count) {
        StringBuilder text = new StringBuilder();
        int listed = 0;
        for (String name : names) {
            if (listed == MAX_LISTED) {
                text.append(", … (").append(count - listed).append(" more)");
                break;
            }
            text.append(listed++ == 0 ? "" : ", ").append('\'').append(printable(name)).append('\'');
        }
        return text.toString();
    }

    /** Header names are echoed cut short and without control characters, so a hostile header cannot forge log lines. */
    private static String printable(String name) {
        StringBuilder text = new StringBuilder(Math.min(name.length(), MAX_NAME));
        for (int i = 0; i < name.length() && text.length() < MAX_NAME; i++) {
            char c = name.charAt(i);
            text.append(Character.isISOControl(c) ? '?' : c);
        }
        if (name.length() > MAX_NAME) {
            text.append('…');
        }
        return text.toString();
    }
}
