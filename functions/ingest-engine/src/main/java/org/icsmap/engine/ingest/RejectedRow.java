package org.icsmap.engine.ingest;

import java.util.List;
import org.icsmap.domain.feed.ReasonCode;

/**
 * A row that does not reach {@code curated/}.
 *
 * @param reason   the primary reason: the first failing column in canonical order, or the structural
 *                 problem (ROW_TOO_LONG, ROW_MALFORMED_QUOTES, ROW_COLUMN_COUNT, ROW_DUPLICATE)
 * @param failures every failing (reason, column) pair, in canonical column order; the primary one first
 */
public record RejectedRow(ReasonCode reason, List<RowFailure> failures) implements RowOutcome {

    public RejectedRow {
        failures = List.copyOf(failures);
        if (failures.isEmpty() || failures.getFirst().reason() != reason) {
            throw new IllegalArgumentException("the primary reason must be the first failure");
        }
    }

    /** A rejection of the whole record, not of one column (structure, duplicates). */
    public static RejectedRow of(ReasonCode reason, String note) {
        return new RejectedRow(reason, List.of(new RowFailure(reason, null, note)));
    }
}
