package org.icsmap.domain.quarantine;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
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

    /**
     * Masks identifiers in a raw record: NHS-number-like digits first, then postcodes, then dates, as three
     * {@link Matcher#replaceAll} passes would. Each pattern is only tried where a match can start (a run of digits or a
     * word that begins the way the pattern does), not at every character as {@link Matcher#find} does: the leading
     * look-behinds kept the regex engine from skipping ahead, and masking cost ~15 µs a quarantined row.
     */
    public static String mask(String raw) {
        String masked = replace(raw, NHS_LIKE, "<nhs-number?>", Shape.NHS_NUMBER);
        masked = replace(masked, POSTCODE_LIKE, "<postcode?>", Shape.POSTCODE);
        return replace(masked, DATE_LIKE, "<date>", Shape.DATE);
    }

    /** What a match of each pattern must start with: checked before the pattern is tried at a position. */
    private enum Shape { NHS_NUMBER, POSTCODE, DATE }

    private static String replace(String text, Pattern pattern, String replacement, Shape shape) {
        Matcher matcher = null;
        StringBuilder out = null;
        int copied = 0;
        int length = text.length();
        for (int at = 0; at < length; at++) {
            if (!mayStartAt(shape, text, at)) {
                continue;
            }
            if (matcher == null) {
                matcher = pattern.matcher(text).useTransparentBounds(true).useAnchoringBounds(false); // look-arounds see the whole record
            }
            if (matcher.region(at, length).lookingAt()) {
                if (out == null) {
                    out = new StringBuilder(length + 16);
                }
                out.append(text, copied, at).append(replacement);
                copied = matcher.end();
                at = copied - 1;
            }
        }
        return out == null ? text : out.append(text, copied, length).toString();
    }

    /**
     * Whether a match of the pattern could start at {@code at}: its look-behind holds, and its first characters are
     * what the pattern needs there. Only a necessary condition; the pattern decides.
     */
    private static boolean mayStartAt(Shape shape, String text, int at) {
        char before = at == 0 ? ' ' : text.charAt(at - 1);
        return switch (shape) {
            // [0-9]{3}[ -]?[0-9]{3} first
            case NHS_NUMBER -> !asciiDigit(before) && digitsAt(text, at, 3)
                    && (digitsAt(text, at + 3, 3) || (charAt(text, at + 3) == ' ' || charAt(text, at + 3) == '-') && digitsAt(text, at + 4, 3));
            // [0-9]{4}- or [0-9]{1,2}/
            case DATE -> !asciiDigit(before) && (digitsAt(text, at, 4) && charAt(text, at + 4) == '-'
                    || asciiDigit(text.charAt(at)) && (charAt(text, at + 1) == '/' || asciiDigit(charAt(text, at + 1)) && charAt(text, at + 2) == '/'));
            // a letter after neither letter nor digit, and the inward code's digit and two letters two to five places on
            case POSTCODE -> asciiLetter(text.charAt(at)) && !asciiLetter(before) && !asciiDigit(before) && inwardCodeNear(text, at);
        };
    }

    /** A digit then two letters starting 2 to 5 characters after {@code at}: where a postcode's inward code can begin. */
    private static boolean inwardCodeNear(String text, int at) {
        for (int k = at + 2; k <= at + 5; k++) {
            if (asciiDigit(charAt(text, k)) && asciiLetter(charAt(text, k + 1)) && asciiLetter(charAt(text, k + 2))) {
                return true;
            }
        }
        return false;
    }

    private static boolean digitsAt(String text, int at, int count) {
        if (at + count > text.length()) {
            return false;
        }
        for (int i = at; i < at + count; i++) {
            if (!asciiDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The character at {@code at}, or NUL past the end. */
    private static char charAt(String text, int at) {
        return at < text.length() ? text.charAt(at) : '\0';
    }

    private static boolean asciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean asciiLetter(char c) {
        return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
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
