package org.icsmap.engine.ingest;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.AbstractList;
import java.util.EnumSet;
import java.util.List;
import java.util.RandomAccess;
import java.util.Set;
import org.icsmap.domain.feed.ReasonCode;

/**
 * A row that passed validation, held as typed values per canonical column rather than as objects: ingest handles a
 * million of these a file, and boxing each value (and the row) cost more than checking it. Each column has one shape,
 * fixed by its rule:
 * <ul>
 *   <li>{@link Shape#TEXT} (codes, organisations, practices, checked formats such as postcodes in {@code AAN NAA} form):
 *       a String, the same instance each time a value repeats ({@link #text});</li>
 *   <li>{@link Shape#SLICE} (the NHS number, standardised to 10 digits; identifiers): characters in place
 *       ({@link #chars}, {@link #start}, {@link #end}), copied by nobody unless a String is asked for;</li>
 *   <li>{@link Shape#DATE}: days since 1970-01-01 ({@link #number}) and YYYYMMDD ({@link #ymd});</li>
 *   <li>{@link Shape#WHOLE_NUMBER}: the number; {@link Shape#MONEY}: pence, since money has at most two decimals;</li>
 *   <li>{@link Shape#DROPPED}: free text, checked and never kept.</li>
 * </ul>
 * A column may be absent ({@link #present} false): empty, a flagged (missing or invalid) NHS number, free text.
 *
 * <p>An accepted row handed to an {@link ExtractValidator.Sink} is reused for a later row once the batch ends ({@link ExtractValidator.Sink#endOfBatch()}), and
 * its slices point into the reader's copy of the record: a sink that keeps it takes a {@link #copy()}. A row from
 * {@link RowValidator#validate(String[])} is the caller's own.
 */
public final class AcceptedRow implements RowOutcome {

    /** How a column's value is held. */
    public enum Shape { TEXT, SLICE, DATE, WHOLE_NUMBER, MONEY, DROPPED }

    private static final Set<ReasonCode> MISSING = Set.of(ReasonCode.NHS_NUMBER_MISSING);
    private static final Set<ReasonCode> INVALID = Set.of(ReasonCode.NHS_NUMBER_INVALID);
    private static final Set<ReasonCode> BOTH = Set.of(ReasonCode.NHS_NUMBER_MISSING, ReasonCode.NHS_NUMBER_INVALID);
    static final int FLAG_NHS_NUMBER_MISSING = 1;
    static final int FLAG_NHS_NUMBER_INVALID = 2;

    private final Shape[] shapes;
    final boolean[] present;
    final long[] numbers;
    final int[] ymds;
    final String[] texts;
    /** Each TEXT value's id in its column's table ({@link SliceTable#id}), or -1. */
    final int[] textIds;
    final char[][] sources;
    final int[] starts;
    final int[] ends;
    /** Where a standardised NHS number is written when its raw text was not already ten digits. */
    final char[] standardNhsNumber = new char[10];
    int flags;

    AcceptedRow(Shape[] shapes) {
        this.shapes = shapes;
        int n = shapes.length;
        present = new boolean[n];
        numbers = new long[n];
        ymds = new int[n];
        texts = new String[n];
        textIds = new int[n];
        sources = new char[n][];
        starts = new int[n];
        ends = new int[n];
    }

    /**
     * Empties the row for the next one. Only {@code present} is reset: a column's other arrays are read only when it
     * is present, and the validator sets them whenever it sets that (a stale text or slice left behind is never seen).
     */
    void clear() {
        java.util.Arrays.fill(present, false);
        flags = 0;
    }

    public int columns() {
        return shapes.length;
    }

    public Shape shape(int canonicalIndex) {
        return shapes[canonicalIndex];
    }

    public boolean present(int canonicalIndex) {
        return present[canonicalIndex];
    }

    /** A date column's days since 1970-01-01, a whole number, or money in pence. */
    public long number(int canonicalIndex) {
        return numbers[canonicalIndex];
    }

    /** A date column's date as the number YYYYMMDD: dates compare as these do, and whole years of age are a difference of them. */
    public int ymd(int canonicalIndex) {
        return ymds[canonicalIndex];
    }

    /** A TEXT column's value (one instance per distinct value), a SLICE column's as a new String; null if absent. */
    public String text(int canonicalIndex) {
        if (!present[canonicalIndex]) {
            return null;
        }
        return shapes[canonicalIndex] == Shape.SLICE ? new String(sources[canonicalIndex], starts[canonicalIndex],
                ends[canonicalIndex] - starts[canonicalIndex]) : texts[canonicalIndex];
    }

    /**
     * A present TEXT column's value's id: the same number whenever the column has this same value instance, never for
     * another value of the column; -1 when it has none. Lets a writer map values to its own ids without hashing them.
     */
    public int textId(int canonicalIndex) {
        return textIds[canonicalIndex];
    }

    /** The characters a present SLICE column's value is {@code [start, end)} of (for an absent column, whatever was there before). */
    public char[] chars(int canonicalIndex) {
        return sources[canonicalIndex];
    }

    public int start(int canonicalIndex) {
        return starts[canonicalIndex];
    }

    public int end(int canonicalIndex) {
        return ends[canonicalIndex];
    }

    /**
     * A column's value as an object, made on each call: {@code LocalDate} for dates, {@code Integer} for whole numbers,
     * {@code BigDecimal} (scale 2) for money, {@code String} otherwise; null when absent. For callers off ingest's hot path.
     */
    public Object value(int canonicalIndex) {
        if (!present[canonicalIndex]) {
            return null;
        }
        return switch (shapes[canonicalIndex]) {
            case TEXT, SLICE -> text(canonicalIndex);
            case DATE -> LocalDate.ofEpochDay(numbers[canonicalIndex]);
            case WHOLE_NUMBER -> (int) numbers[canonicalIndex];
            case MONEY -> BigDecimal.valueOf(numbers[canonicalIndex], 2);
            case DROPPED -> null;
        };
    }

    /** Every column's {@link #value}, in canonical column order. */
    public List<Object> values() {
        AcceptedRow row = copy();
        final class Values extends AbstractList<Object> implements RandomAccess {
            @Override
            public Object get(int index) {
                return row.value(index);
            }

            @Override
            public int size() {
                return row.columns();
            }
        }
        return new Values();
    }

    /** Reasons the row is kept but counted: NHS_NUMBER_MISSING, NHS_NUMBER_INVALID. */
    public Set<ReasonCode> flags() {
        return switch (flags) {
            case 0 -> Set.of();
            case FLAG_NHS_NUMBER_MISSING -> MISSING;
            case FLAG_NHS_NUMBER_INVALID -> INVALID;
            default -> BOTH;
        };
    }

    public boolean flagged(ReasonCode reason) {
        return switch (reason) {
            case NHS_NUMBER_MISSING -> (flags & FLAG_NHS_NUMBER_MISSING) != 0;
            case NHS_NUMBER_INVALID -> (flags & FLAG_NHS_NUMBER_INVALID) != 0;
            default -> false;
        };
    }

    static int flagOf(ReasonCode reason) {
        return switch (reason) {
            case NHS_NUMBER_MISSING -> FLAG_NHS_NUMBER_MISSING;
            case NHS_NUMBER_INVALID -> FLAG_NHS_NUMBER_INVALID;
            default -> throw new IllegalArgumentException(reason + " is not a flag");
        };
    }

    /** A row of its own with the same values, which nothing reuses. */
    public AcceptedRow copy() {
        AcceptedRow copy = new AcceptedRow(shapes);
        System.arraycopy(present, 0, copy.present, 0, present.length);
        System.arraycopy(numbers, 0, copy.numbers, 0, numbers.length);
        System.arraycopy(ymds, 0, copy.ymds, 0, ymds.length);
        System.arraycopy(texts, 0, copy.texts, 0, texts.length);
        System.arraycopy(textIds, 0, copy.textIds, 0, textIds.length);
        for (int i = 0; i < shapes.length; i++) {
            if (present[i] && shapes[i] == Shape.SLICE) {
                copy.sources[i] = java.util.Arrays.copyOfRange(sources[i], starts[i], ends[i]);
                copy.starts[i] = 0;
                copy.ends[i] = ends[i] - starts[i];
            }
        }
        copy.flags = flags;
        return copy;
    }

    @Override
    public String toString() {
        // Never a value: rows hold NHS numbers and dates of birth.
        return "AcceptedRow[" + shapes.length + " columns, flags=" + (flags == 0 ? Set.of() : EnumSet.copyOf(flags())) + "]";
    }
}
