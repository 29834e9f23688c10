package org.icsmap.synthetic;

/** A deliberate fault the generator put into a row, recorded in the ground truth. */
public enum Defect {
    NONE,
    /** A 10-digit NHS number with the wrong check digit, or one digit short. */
    INVALID_NHS_NUMBER,
    /** The NHS number field is empty. */
    MISSING_NHS_NUMBER,
    /** The period date is not a real date (30 February, 31 April, 32 May). */
    IMPOSSIBLE_DATE,
    /** The registered practice is a well-formed ODS code that no practice has. */
    UNKNOWN_PRACTICE,
    /** An extra field at the end of the row. */
    MALFORMED_ROW,
    /** An exact copy of the row before it. */
    DUPLICATE_ROW
}
