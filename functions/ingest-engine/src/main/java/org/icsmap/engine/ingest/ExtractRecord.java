package org.icsmap.engine.ingest;

import java.util.List;
import org.icsmap.domain.feed.ReasonCode;

/**
 * One data record of an extract (the header is not a record), or one structural rejection: every
 * physical line after the header belongs to exactly one of these, so
 * {@code header.lineCount() + Σ lineCount == physical lines}.
 *
 * @param number       1-based position among the file's data records
 * @param line         physical line (1-based, the header is line 1) the record starts on
 * @param lineCount    physical lines it covers (more than 1 only when a quoted field holds a line break)
 * @param raw          the record's text without its line terminator; line breaks inside quoted fields
 *                     are normalised to LF, so the same row from a CRLF or an LF file gives the same text
 * @param rawTruncated whether {@code raw} is only the first {@code maxLineLength} characters (ROW_TOO_LONG)
 * @param fields       the unquoted field values in file order; empty for ROW_TOO_LONG and ROW_MALFORMED_QUOTES
 * @param problem      null for a well-formed record, else ROW_TOO_LONG, ROW_MALFORMED_QUOTES or ROW_COLUMN_COUNT
 * @param detail       what exactly was wrong (positions and counts, never values), or null
 */
public record ExtractRecord(long number, long line, int lineCount, String raw, boolean rawTruncated, List<String> fields,
                            ReasonCode problem, String detail) {

    public boolean wellFormed() {
        return problem == null;
    }
}
