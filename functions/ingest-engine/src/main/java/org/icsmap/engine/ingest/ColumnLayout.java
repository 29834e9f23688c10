package org.icsmap.engine.ingest;

import java.util.List;
import org.icsmap.domain.feed.FeedDefinition;

/**
 * Where each canonical column of a feed sits in one file's records (providers may order, and with a
 * column mapping name, their columns their own way). Built by {@link HeaderMatcher}.
 */
public final class ColumnLayout {

    private final FeedDefinition definition;
    private final int[] positionOf;
    private final int width;

    ColumnLayout(FeedDefinition definition, int[] positionOf, int width) {
        this.definition = definition;
        this.positionOf = positionOf.clone();
        this.width = width;
    }

    public FeedDefinition definition() {
        return definition;
    }

    /** Fields per record in the file. */
    public int width() {
        return width;
    }

    /** The file position (0-based) of the canonical column at {@code canonicalIndex}. */
    public int positionOf(int canonicalIndex) {
        return positionOf[canonicalIndex];
    }

    /** A well-formed record's fields (file order) rearranged into the feed's canonical column order. */
    public String[] canonicalValues(List<String> fields) {
        if (fields.size() != width) {
            throw new IllegalArgumentException("a record of " + fields.size() + " fields in a file " + width + " wide");
        }
        String[] values = new String[positionOf.length];
        for (int i = 0; i < positionOf.length; i++) {
            values[i] = fields.get(positionOf[i]);
        }
        return values;
    }
}
