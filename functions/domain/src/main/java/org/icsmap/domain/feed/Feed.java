package org.icsmap.domain.feed;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The canonical feeds a provider can send. The lower-case name is used in object keys, SQL and config. */
public enum Feed {
    APC, OP, ED, COMMUNITY, MENTAL_HEALTH, AMBULANCE, GP, SOCIAL_CARE, OPT_OUT;

    /** The name used in keys, config files, tables and the CLI: {@code apc}, {@code mental_health}, … */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public FeedDefinition definition() {
        return FeedDefinitions.of(this);
    }

    public static Optional<Feed> fromId(String id) {
        return Arrays.stream(values()).filter(f -> f.id().equals(id)).findFirst();
    }

    /** The feeds whose rows are activity (every feed but the opt-out list), in feed order. */
    public static List<Feed> activityFeeds() {
        return Arrays.stream(values()).filter(f -> f.definition().isActivity()).toList();
    }

    public static String allowedIds() {
        return String.join(", ", Arrays.stream(values()).map(Feed::id).toList());
    }

    @Override
    public String toString() {
        return id();
    }
}
