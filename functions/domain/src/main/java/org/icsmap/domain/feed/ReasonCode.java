package org.icsmap.domain.feed;

/**
 * Every reason a file, row or value can fail, with what happens to it. Reports, quarantine files and
 * {@code docs/feeds.md} use these names, so renaming one is a breaking change.
 */
public enum ReasonCode {
    // Whole-file rejections: nothing from the file is written.
    FILE_KEY_INVALID(Disposition.REJECT_FILE, "the object key is not landing/provider=<ODS>/feed=<feed>/period=<YYYY-MM>/<upload-id>.<csv|csv.gz>"),
    FILE_PROVIDER_UNKNOWN(Disposition.REJECT_FILE, "the provider in the key is not in the ICS config"),
    FILE_FEED_NOT_AGREED(Disposition.REJECT_FILE, "no data sharing agreement lets this provider send this feed"),
    FILE_PERIOD_INVALID(Disposition.REJECT_FILE, "the period in the key is not a real YYYY-MM month"),
    FILE_PERIOD_OUT_OF_RANGE(Disposition.REJECT_FILE, "the period in the key has not begun (Europe/London), or is older than the curated zone keeps data"),
    FILE_NOT_READABLE(Disposition.REJECT_FILE, "the file is not UTF-8 CSV (or gzip of it): binary content, a truncated gzip, or invalid bytes"),
    FILE_EMPTY(Disposition.REJECT_FILE, "the file has no header line"),
    FILE_HEADER_MISMATCH(Disposition.REJECT_FILE, "the header does not match the feed's columns (after the provider's column mapping)"),

    // Row structure.
    ROW_COLUMN_COUNT(Disposition.QUARANTINE_ROW, "the row has a different number of fields from the header"),
    ROW_MALFORMED_QUOTES(Disposition.QUARANTINE_ROW, "a quoted field is not closed, or a quote appears inside an unquoted field"),
    ROW_TOO_LONG(Disposition.QUARANTINE_ROW, "the row is longer than the feed's line limit"),
    ROW_DUPLICATE(Disposition.DROP_DUPLICATE, "an exact copy of an earlier row in the same file"),

    // Values.
    REQUIRED_MISSING(Disposition.QUARANTINE_ROW, "a required field is empty"),
    NHS_NUMBER_MISSING(Disposition.FLAG, "no NHS number: the row is kept as unlinked activity"),
    NHS_NUMBER_INVALID(Disposition.FLAG, "the NHS number fails the Modulus 11 check or is not 10 digits: kept as unlinked activity"),
    DATE_OF_BIRTH_INVALID(Disposition.QUARANTINE_ROW, "not a real date, in the future, after the activity, or more than 115 years before it"),
    SEX_INVALID(Disposition.QUARANTINE_ROW, "not a Person Stated Gender Code (1, 2, 9, X)"),
    POSTCODE_INVALID(Disposition.QUARANTINE_ROW, "not a well-formed UK postcode"),
    GP_PRACTICE_UNKNOWN(Disposition.QUARANTINE_ROW, "not an ODS code of a GP practice (in the ICS or the national practice list)"),
    ORGANISATION_UNKNOWN(Disposition.QUARANTINE_ROW, "not an ODS code of an organisation in the ICS config"),
    ACTIVITY_ID_INVALID(Disposition.QUARANTINE_ROW, "empty, longer than 64 characters, or not printable ASCII"),
    DATE_INVALID(Disposition.QUARANTINE_ROW, "not a real calendar date in YYYY-MM-DD form"),
    DATE_OUTSIDE_PERIOD(Disposition.QUARANTINE_ROW, "the activity date is not inside the file's period"),
    DATE_ORDER_INVALID(Disposition.QUARANTINE_ROW, "an end date is before its start date"),
    CODE_INVALID(Disposition.QUARANTINE_ROW, "not one of the column's allowed codes"),
    DIAGNOSIS_INVALID(Disposition.QUARANTINE_ROW, "not an ICD-10 code (or ;-separated list of them)"),
    HRG_INVALID(Disposition.QUARANTINE_ROW, "not an HRG4+ code (two letters, two digits, one letter)"),
    NUMBER_INVALID(Disposition.QUARANTINE_ROW, "not a whole number within the column's range"),
    MONEY_INVALID(Disposition.QUARANTINE_ROW, "not a non-negative amount in pounds with at most two decimal places"),
    TEXT_INVALID(Disposition.QUARANTINE_ROW, "free text longer than the column's limit or containing control characters");

    private final Disposition disposition;
    private final String meaning;

    ReasonCode(Disposition disposition, String meaning) {
        this.disposition = disposition;
        this.meaning = meaning;
    }

    public Disposition disposition() {
        return disposition;
    }

    public String meaning() {
        return meaning;
    }
}
