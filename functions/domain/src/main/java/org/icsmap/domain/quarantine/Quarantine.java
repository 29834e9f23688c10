package org.icsmap.domain.quarantine;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Rejected rows, for the provider's data manager to fix and resend: one CSV per curated partition
 * ({@code quarantine/feed=<feed>/provider=<ODS>/period=<YYYY-MM>/quarantine.csv}), replaced with it.
 *
 * <p>Identifiers are masked in every record whatever its shape (a broken row's fields cannot be trusted
 * to be where the header says): anything shaped like an NHS number, a postcode or a date. The line
 * number and the activity id are enough to find the row in the provider's own file. Fields that a
 * spreadsheet would run as a formula are prefixed with {@code '}.
 */
public final class Quarantine implements Closeable {

    public static final String HEADER = "line,record,reason_code,failures,masked_record";

    private static final Pattern NHS_LIKE = Pattern.compile("(?<![0-9])[0-9]{3}[ -]?[0-9]{3}[ -]?[0-9]{3,4}(?![0-9])");
    private static final Pattern POSTCODE_LIKE = Pattern.compile(
            "(?i)(?<![A-Z0-9])(GIR ?0AA|[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9][0-9ABEHMNPRV-Y]?|[0-9][A-HJKPS-UW]) ?[0-9][ABD-HJLNP-UW-Z]{2})(?![A-Z0-9])");
    private static final Pattern DATE_LIKE = Pattern.compile("(?<![0-9])([0-9]{4}-[0-9]{1,2}-[0-9]{1,2}|[0-9]{1,2}/[0-9]{1,2}/[0-9]{2,4})(?![0-9])");

    private final Path file;
    private BufferedWriter out;
    private long rows;

    public Quarantine(Path file) {
        this.file = file;
    }

    public static String key(String feed, String provider, String period) {
        return "quarantine/feed=" + feed + "/provider=" + provider + "/period=" + period + "/quarantine.csv";
    }

    /** Masks identifiers in a raw record. */
    public static String mask(String raw) {
        String masked = NHS_LIKE.matcher(raw).replaceAll("<nhs-number?>");
        masked = POSTCODE_LIKE.matcher(masked).replaceAll("<postcode?>");
        return DATE_LIKE.matcher(masked).replaceAll("<date>");
    }

    public void add(long line, long record, String reasonCode, String failures, String raw) throws IOException {
        if (out == null) {
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            out.write(HEADER);
            out.write('\n');
        }
        out.write(Long.toString(line));
        out.write(',');
        out.write(Long.toString(record));
        out.write(',');
        out.write(reasonCode);
        out.write(',');
        out.write(csv(failures));
        out.write(',');
        out.write(csv(mask(raw)));
        out.write('\n');
        rows++;
    }

    public long rows() {
        return rows;
    }

    public boolean isEmpty() {
        return rows == 0;
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            out.close();
        }
    }

    /** Quotes for CSV and defuses spreadsheet formulas (=, +, -, @ at the start). */
    static String csv(String value) {
        if (value == null) {
            return "";
        }
        String text = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
