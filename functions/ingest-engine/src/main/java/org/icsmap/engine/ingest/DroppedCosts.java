package org.icsmap.engine.ingest;

import org.icsmap.domain.ingest.IngestReport;
import java.math.BigDecimal;
import java.util.Optional;
import org.icsmap.domain.costing.RowCost;
import org.icsmap.domain.costing.UnitCosts;
import org.icsmap.domain.feed.FeedDefinition;

/**
 * What the rows of one upload that do not reach {@code curated/} cost, by where they went instead: opted out,
 * quarantined, dropped as exact duplicates. Each row is costed by {@link RowCost} (the refresh's costing rule)
 * from its fields as the provider wrote them; a row whose cost cannot be read — a quarantined row whose fields
 * cannot be split into the feed's columns, or whose cost, dates or codes are not valid — is counted as of unknown
 * cost and adds nothing to the sums. Sums only: no row's value is kept.
 *
 * <p>Only dropped rows are costed, so the work is proportional to them, not to the upload: curated rows never
 * come here. One per upload, not thread-safe. Not used for the opt-out list, which is not activity.
 */
final class DroppedCosts {

    private final RowCost rowCost;
    private ColumnLayout layout;

    private final Tally optedOut = new Tally();
    private final Tally quarantined = new Tally();
    private final Tally duplicates = new Tally();

    DroppedCosts(FeedDefinition definition, UnitCosts unitCosts) {
        this.rowCost = new RowCost(definition, unitCosts);
    }

    /** Where this file's columns are, as matched from its header; given before the first record. */
    void layout(ColumnLayout layout) {
        this.layout = layout;
    }

    /** A valid row of a patient on the national data opt-out list. */
    void optedOut(ExtractRecord record) {
        optedOut.add(costOf(record));
    }

    /** A row rejected with a quarantine reason. */
    void quarantined(ExtractRecord record) {
        quarantined.add(costOf(record));
    }

    /** An exact copy of an earlier row of the file: it costs what that row costs (it is the same text). */
    void duplicate(ExtractRecord record) {
        duplicates.add(costOf(record));
    }

    IngestReport.Costs costs() {
        return new IngestReport.Costs(optedOut.pounds(), optedOut.unknown, quarantined.pounds(), quarantined.unknown, duplicates.pounds(),
                duplicates.unknown);
    }

    /**
     * The record's cost, or empty when it cannot be read. A structurally broken record (too long, malformed quotes, a
     * field too many or too few) has no trustworthy columns: which of its fields is the cost is a guess.
     */
    private Optional<BigDecimal> costOf(ExtractRecord record) {
        if (layout == null || !record.wellFormed() || record.fields().size() != layout.width()) {
            return Optional.empty();
        }
        return rowCost.of(layout.canonicalValues(record.fields()));
    }

    /** Exact pence and the rows whose cost is unknown. */
    private static final class Tally {
        long pence;
        long unknown;

        void add(Optional<BigDecimal> cost) {
            if (cost.isPresent()) {
                pence = Math.addExact(pence, cost.get().movePointRight(2).longValueExact());
            } else {
                unknown++;
            }
        }

        BigDecimal pounds() {
            return BigDecimal.valueOf(pence, 2);
        }
    }
}
