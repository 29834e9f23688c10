package org.icsmap.synthetic;

import java.time.Duration;
import java.time.YearMonth;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import org.icsmap.domain.feed.Feed;

/**
 * What one generation run produced: the figures the CLI prints and the tests reconcile against.
 * All costs are in pence.
 */
public final class GenerationSummary {
    int persons;
    int optedOut;
    int registeredOutOfArea;
    int careHomeResidents;
    int files;
    final Map<Feed, Long> rowsByFeed = new EnumMap<>(Feed.class);
    final Map<Feed, Long> costByFeed = new EnumMap<>(Feed.class);
    final Map<String, Long> rowsByProvider = new TreeMap<>();
    final Map<Defect, Long> defects = new EnumMap<>(Defect.class);
    YearMonth firstMonth;
    YearMonth lastMonth;
    Duration elapsed = Duration.ZERO;

    void countRow(Feed feed, String submitter, long costPence, Defect defect) {
        rowsByFeed.merge(feed, 1L, Long::sum);
        costByFeed.merge(feed, costPence, Long::sum);
        rowsByProvider.merge(submitter, 1L, Long::sum);
        defects.merge(defect, 1L, Long::sum);
    }

    public int persons() {
        return persons;
    }

    public int optedOut() {
        return optedOut;
    }

    public int registeredOutOfArea() {
        return registeredOutOfArea;
    }

    public int careHomeResidents() {
        return careHomeResidents;
    }

    public int files() {
        return files;
    }

    /** Data lines written per feed (duplicates included, the opt-out list included). */
    public Map<Feed, Long> rowsByFeed() {
        return Map.copyOf(rowsByFeed);
    }

    /** True cost per feed in pence (duplicate lines not counted twice). */
    public Map<Feed, Long> costByFeed() {
        return Map.copyOf(costByFeed);
    }

    /** Data lines per submitting provider, in ODS code order. */
    public Map<String, Long> rowsByProvider() {
        return java.util.Collections.unmodifiableMap(rowsByProvider);
    }

    public Map<Defect, Long> defects() {
        return Map.copyOf(defects);
    }

    public long totalRows() {
        return rowsByFeed.values().stream().mapToLong(Long::longValue).sum();
    }

    public long totalCostPence() {
        return costByFeed.values().stream().mapToLong(Long::longValue).sum();
    }

    public YearMonth firstMonth() {
        return firstMonth;
    }

    public YearMonth lastMonth() {
        return lastMonth;
    }

    public Duration elapsed() {
        return elapsed;
    }
}
