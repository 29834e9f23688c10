package org.icsmap.engine.ingest;

import java.util.List;

/**
 * The header line of an extract, as read.
 *
 * @param names          the header fields, unquoted, in file order (byte order mark removed)
 * @param separator      {@code ','} or {@code '|'}, decided from this line
 * @param gzip           whether the file was gzip-compressed (detected from its first two bytes)
 * @param byteOrderMark  whether the text started with a UTF-8 byte order mark
 * @param lineCount      physical lines the header took (1 unless a quoted name holds a line break)
 */
public record ExtractHeader(List<String> names, char separator, boolean gzip, boolean byteOrderMark, int lineCount) {

    public ExtractHeader {
        names = List.copyOf(names);
    }

    public int width() {
        return names.size();
    }
}
