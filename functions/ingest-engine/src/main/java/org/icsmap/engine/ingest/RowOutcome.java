package org.icsmap.engine.ingest;

import org.icsmap.domain.feed.ReasonCode;

/**
 * What became of one record: accepted (with typed values and flags) or rejected with a reason whose
 * {@link ReasonCode#disposition() disposition} says where it goes (quarantine, or dropped as a duplicate).
 */
public sealed interface RowOutcome permits AcceptedRow, RejectedRow {
}
