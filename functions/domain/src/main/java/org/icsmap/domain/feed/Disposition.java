package org.icsmap.domain.feed;

/** What a failed check does to the row (or file) it was found in. */
public enum Disposition {
    /** The whole file is rejected before any row is written. */
    REJECT_FILE,
    /** The row goes to {@code quarantine/} with the reason code. */
    QUARANTINE_ROW,
    /** The row is kept, the value is cleared, and the reason is counted (e.g. a missing NHS number: the row still carries cost). */
    FLAG,
    /** The row is an exact duplicate of an earlier row in the same file: counted, and dropped once. */
    DROP_DUPLICATE
}
