package org.icsmap.engine.ingest;

import org.icsmap.domain.feed.ReasonCode;

/**
 * One failed check.
 *
 * @param reason the reason code
 * @param column the canonical column that failed, or null when the whole record did
 * @param note   a few words more where the reason code alone would mislead (never a value), or null
 */
public record RowFailure(ReasonCode reason, String column, String note) {
}
