package org.icsmap.engine.ingest;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.Month;
import java.time.Year;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.domain.feed.CodeFormats;
import org.icsmap.domain.feed.Column;
import org.icsmap.domain.feed.Feed;
import org.icsmap.domain.feed.FeedDefinition;
import org.icsmap.domain.feed.Handling;
import org.icsmap.domain.feed.ReasonCode;
import org.icsmap.domain.feed.Rule;
import org.icsmap.domain.nhs.NhsNumber;
import org.icsmap.domain.reference.NationalPracticeList;
import org.icsmap.domain.reference.PostcodeLookup;

/**
 * Checks one row's values against its feed's column rules (docs/feeds.md), for one file: one provider,
 * one period, one ICS config. Not thread-safe; make one per file.
 *
 * <p>Choices the feed definitions leave open, decided here:
 * <ul>
 *   <li>Values other than free text are trimmed of surrounding white space first; a value of only
 *       spaces is empty.</li>
 *   <li>A missing or invalid NHS number keeps the row, flagged, with the value cleared; but where the
 *       column is required (the opt-out list, whose rows are nothing but the number) an invalid one
 *       rejects the row NHS_NUMBER_INVALID, since a cleared row would carry nothing.</li>
 *   <li>The {@code provider} column must be the submitting provider (the file's, from its object key);
 *       another organisation's code fails ORGANISATION_UNKNOWN with a note saying so. Feed {@code gp}
 *       is sent by the ICB for many practices: its {@code provider} is any known GP practice.</li>
 *   <li>A GP practice is known if the ICS config lists it or the national list (epraccur) has it as
 *       active, as docs/feeds.md says.</li>
 *   <li>A date of birth is checked against the row's period date; when that date is itself missing or
 *       invalid, against the last day of the file's period, so one bad date is not blamed twice.</li>
 *   <li>Free text may hold tabs and line breaks (a quoted CSV field can); any other control
 *       character, or more than the limit of characters (code points), fails TEXT_INVALID.</li>
 *   <li>Social care: {@code care_home} is required for {@code residential_care} and {@code nursing_care}
 *       placements, and its absence there is REQUIRED_MISSING (with a note) rather than CODE_INVALID:
 *       nothing is wrong with a code that is not there.</li>
 * </ul>
 *
 * <p>No message or note ever contains a value: failures name the column and the reason only.
 */
public final class RowValidator {

    /** The oldest a patient can be at their activity. */
    static final int MAX_AGE_YEARS = 115;
    private static final Set<String> CARE_HOME_SERVICES = Set.of("residential_care", "nursing_care");

    private enum Kind { NHS_NUMBER, DATE, DATE_OF_BIRTH, CODES, MATCHES, PRACTICE, ORGANISATION, SUBMITTER, WHOLE_NUMBER, MONEY, IDENTIFIER, FREE_TEXT }

    private record Failure(int column, RowFailure failure) {
    }

    private final FeedDefinition definition;
    private final String provider;
    private final YearMonth period;
    /** The period as YYYYMM and its last day as YYYYMMDD: dates are compared as those numbers. */
    private final int periodYearMonth;
    private final int periodEndYmd;
    private final Set<String> organisations;
    private final Set<String> icsPractices;
    private final NationalPracticeList nationalPractices;

    private final String[] names;
    private final Kind[] kinds;
    private final Rule[] rules;
    private final boolean[] required;
    private final ReasonCode[] whenEmpty;
    private final Predicate<String>[] formats;
    private final boolean[] postcode;
    private final int[] notBefore;
    private final int periodDate;
    private final int dateOfBirth;
    /** Slots per date column in {@link #recentDays}: a power of two. */
    private static final int RECENT_DATE_SLOTS = 64;
    /**
     * Per date column, dates parsed recently, by their digits as one number (YYYYMMDD): an activity date repeats all
     * month, and finding it again is cheaper than checking its day and counting the days since 1970. Only valid dates
     * are kept.
     */
    private final int[][] recentDateKeys;
    private final long[][] recentDays;
    /** Values that repeat, found by their characters: a code list, the ICS's organisations, known practices, checked formats. */
    private final SliceTable[] tables;
    /** Bound of the caches of checked values (practices, postcodes, HRG and diagnosis codes): ~100 bytes an entry. */
    private static final int CACHE_BOUND = 1 << 15;
    private final AcceptedRow.Shape[] shapes;
    private final int[] scratchStarts;
    private final int[] scratchEnds;
    /** Canonical column i at position i: the positions of a row given in canonical order. */
    private final int[] identity;
    // A batch's working state (see validate(int, ...)), per row: its failures so far, the current column's value.
    @SuppressWarnings("unchecked")
    private List<Failure>[] failures = new List[0];
    private int[] from = new int[0];
    private int[] to = new int[0];
    /** The rows whose value in the current column is not empty. */
    private int[] valued = new int[0];
    // A batch of one, for the row-at-a-time entry points.
    private final char[][] oneText = new char[1][];
    private final int[][] oneStarts = new int[1][];
    private final int[][] oneEnds = new int[1][];
    private final AcceptedRow[] oneRow = new AcceptedRow[1];
    private final RowOutcome[] oneOutcome = new RowOutcome[1];
    private final int serviceType;
    private final int careHome;

    public RowValidator(FeedDefinition definition, String provider, YearMonth period, IcsConfig config,
                        NationalPracticeList nationalPractices) {
        this.definition = Objects.requireNonNull(definition);
        this.provider = Objects.requireNonNull(provider);
        this.period = Objects.requireNonNull(period);
        this.periodYearMonth = period.getYear() * 100 + period.getMonthValue();
        this.periodEndYmd = periodYearMonth * 100 + period.lengthOfMonth();
        this.organisations = Set.copyOf(config.providers().stream().map(IcsConfig.Provider::ods).toList());
        this.icsPractices = Set.copyOf(config.practices().map(IcsConfig.GpPractice::ods).toList());
        this.nationalPractices = Objects.requireNonNull(nationalPractices);
        List<Column> columns = definition.columns();
        int n = columns.size();
        names = new String[n];
        kinds = new Kind[n];
        rules = new Rule[n];
        required = new boolean[n];
        whenEmpty = new ReasonCode[n];
        @SuppressWarnings("unchecked")
        Predicate<String>[] checks = new Predicate[n];
        formats = checks;
        postcode = new boolean[n];
        notBefore = new int[n];
        Arrays.fill(notBefore, -1);
        for (int i = 0; i < n; i++) {
            Column column = columns.get(i);
            names[i] = column.name();
            rules[i] = column.rule();
            required[i] = column.required();
            whenEmpty[i] = column.reasonWhenEmpty();
            kinds[i] = switch (column.rule()) {
                case Rule.NhsNumber r -> Kind.NHS_NUMBER;
                case Rule.Date r -> {
                    if (r.notBefore() != null) {
                        notBefore[i] = definition.indexOf(r.notBefore());
                    }
                    yield Kind.DATE;
                }
                case Rule.DateOfBirth r -> Kind.DATE_OF_BIRTH;
                case Rule.Codes r -> Kind.CODES;
                case Rule.Matches r -> {
                    formats[i] = CodeFormats.checkFor(r.pattern());
                    postcode[i] = column.handling() == Handling.GENERALISE_POSTCODE;
                    yield Kind.MATCHES;
                }
                case Rule.OdsCode r when r.scope() == Rule.OdsCode.Scope.GP_PRACTICE -> Kind.PRACTICE;
                case Rule.OdsCode r -> column.name().equals("provider") ? Kind.SUBMITTER : Kind.ORGANISATION;
                case Rule.WholeNumber r -> Kind.WHOLE_NUMBER;
                case Rule.Money r -> Kind.MONEY;
                case Rule.Identifier r -> Kind.IDENTIFIER;
                case Rule.FreeText r -> Kind.FREE_TEXT;
            };
        }
        recentDateKeys = new int[n][];
        recentDays = new long[n][];
        tables = new SliceTable[n];
        for (int i = 0; i < n; i++) {
            if (kinds[i] == Kind.DATE || kinds[i] == Kind.DATE_OF_BIRTH) {
                recentDateKeys[i] = new int[RECENT_DATE_SLOTS];
                recentDays[i] = new long[RECENT_DATE_SLOTS];
            }
            tables[i] = switch (kinds[i]) {
                case CODES -> SliceTable.of(((Rule.Codes) rules[i]).allowed().keySet());
                case ORGANISATION -> SliceTable.of(organisations);
                case PRACTICE, MATCHES -> new SliceTable(CACHE_BOUND);
                default -> null;
            };
        }
        shapes = new AcceptedRow.Shape[n];
        for (int i = 0; i < n; i++) {
            shapes[i] = switch (kinds[i]) {
                case NHS_NUMBER, IDENTIFIER -> AcceptedRow.Shape.SLICE;
                case DATE, DATE_OF_BIRTH -> AcceptedRow.Shape.DATE;
                case CODES, MATCHES, PRACTICE, ORGANISATION, SUBMITTER -> AcceptedRow.Shape.TEXT;
                case WHOLE_NUMBER -> AcceptedRow.Shape.WHOLE_NUMBER;
                case MONEY -> AcceptedRow.Shape.MONEY;
                case FREE_TEXT -> AcceptedRow.Shape.DROPPED;
            };
        }
        scratchStarts = new int[n];
        scratchEnds = new int[n];
        identity = new int[n];
        Arrays.setAll(identity, i -> i);
        periodDate = definition.periodDateColumn() == null ? -1 : definition.indexOf(definition.periodDateColumn());
        dateOfBirth = indexOfKind(Kind.DATE_OF_BIRTH);
        boolean socialCare = definition.feed() == Feed.SOCIAL_CARE;
        serviceType = socialCare ? definition.indexOf("service_type") : -1;
        careHome = socialCare ? definition.indexOf("care_home") : -1;
    }

    public FeedDefinition definition() {
        return definition;
    }

    /** A row shaped for this validator's feed, for {@link #validate(char[], int[], int[], AcceptedRow)} to fill again and again. */
    public AcceptedRow newRow() {
        return new AcceptedRow(shapes);
    }

    /** Validates one row given in canonical column order (see {@link ColumnLayout#canonicalValues}); an accepted row is the caller's own. */
    public RowOutcome validate(String[] values) {
        if (values.length != kinds.length) {
            throw new IllegalArgumentException(values.length + " values for " + kinds.length + " columns");
        }
        int total = 0;
        for (String value : values) {
            total += value.length();
        }
        char[] chars = new char[total]; // the accepted row's slices point into it: not shared with the next row
        int at = 0;
        for (int i = 0; i < values.length; i++) {
            scratchStarts[i] = at;
            values[i].getChars(0, values[i].length(), chars, at);
            at += values[i].length();
            scratchEnds[i] = at;
        }
        return validate(chars, scratchStarts, scratchEnds, newRow());
    }

    /** {@link #validate(char[], int[], int[], AcceptedRow)} into a row of the caller's own. */
    public RowOutcome validate(char[] chars, int[] starts, int[] ends) {
        return validate(chars, starts, ends, newRow());
    }

    /**
     * Validates one row read in place: value {@code i} (canonical column order) is {@code chars[starts[i], ends[i])}.
     * Returns {@code into}, filled, if the row is accepted (its NHS number and identifiers then point into {@code chars},
     * so the caller keeps those characters while it uses the row), or a rejection. Nothing is made per row for an
     * accepted one: dates, numbers and money are parsed from the characters, repeating codes come out as one String
     * instance each.
     */
    public RowOutcome validate(char[] chars, int[] starts, int[] ends, AcceptedRow into) {
        oneText[0] = chars;
        oneStarts[0] = starts;
        oneEnds[0] = ends;
        oneRow[0] = into;
        validate(1, oneText, oneStarts, oneEnds, identity, oneRow, oneOutcome);
        oneText[0] = null;
        oneRow[0] = null;
        return oneOutcome[0];
    }

    /**
     * Validates {@code n} rows read in place, a column at a time: value {@code i} (canonical column order) of row
     * {@code r} is {@code texts[r][starts[r][positions[i]], ends[r][positions[i]])}. Row {@code r}'s outcome goes to
     * {@code outcomes[r]}: {@code into[r]}, filled, if it is accepted (its slices then point into {@code texts[r]}), or
     * a rejection. Each column's kind of check is chosen once for the batch and runs over its values in one loop, with
     * that column's code list or cache at hand, rather than visiting every column's in turn for each row.
     */
    void validate(int n, char[][] texts, int[][] starts, int[][] ends, int[] positions, AcceptedRow[] into, RowOutcome[] outcomes) {
        if (failures.length < n) {
            failures = Arrays.copyOf(failures, n);
            from = new int[n];
            to = new int[n];
            valued = new int[n];
        }
        for (int r = 0; r < n; r++) {
            into[r].clear();
            failures[r] = null;
        }
        for (int i = 0; i < kinds.length; i++) {
            int values = trimmed(n, i, texts, starts, ends, positions[i], into);
            if (values > 0) {
                check(i, values, texts, into);
            }
        }
        for (int r = 0; r < n; r++) {
            outcomes[r] = outcome(into[r], failures[r]);
            failures[r] = null;
        }
    }

    /**
     * Column {@code i}'s value of each row, white space stripped (but for free text) into {@link #from} and {@link #to};
     * an empty one is dealt with here (flagged, failed or simply absent). Returns how many rows have a value, their
     * indexes in {@link #valued}.
     */
    private int trimmed(int n, int i, char[][] texts, int[][] starts, int[][] ends, int position, AcceptedRow[] into) {
        boolean strip = kinds[i] != Kind.FREE_TEXT; // String.strip(): white space at either end
        int values = 0;
        for (int r = 0; r < n; r++) {
            char[] chars = texts[r];
            int f = starts[r][position];
            int t = ends[r][position];
            if (strip) {
                while (f < t && blank(chars[f])) {
                    f++;
                }
                while (t > f && blank(chars[t - 1])) {
                    t--;
                }
            }
            if (f == t) {
                ReasonCode empty = whenEmpty[i];
                if (empty == ReasonCode.NHS_NUMBER_MISSING) {
                    into[r].flags |= AcceptedRow.FLAG_NHS_NUMBER_MISSING;
                } else if (empty != null) {
                    failures[r] = fail(failures[r], i, empty, null);
                }
                continue;
            }
            from[r] = f;
            to[r] = t;
            valued[values++] = r;
        }
        return values;
    }

    /** Checks column {@code i}'s non-empty values (rows {@link #valued}{@code [0, values)}), kind by kind. */
    private void check(int i, int values, char[][] texts, AcceptedRow[] into) {
        int[] rows = valued;
        switch (kinds[i]) {
            case NHS_NUMBER -> {
                for (int k = 0; k < values; k++) {
                    int r = rows[k];
                    AcceptedRow row = into[r];
                    if (NhsNumber.standardise(texts[r], from[r], to[r], row.standardNhsNumber) && NhsNumber.isValidStandard(row.standardNhsNumber)) {
                        row.sources[i] = row.standardNhsNumber;
                        row.starts[i] = 0;
                        row.ends[i] = 10;
                        row.present[i] = true;
                    } else if (required[i]) {
                        failures[r] = fail(failures[r], i, ReasonCode.NHS_NUMBER_INVALID, null);
                    } else {
                        row.flags |= AcceptedRow.FLAG_NHS_NUMBER_INVALID;
                    }
                }
            }
            case DATE -> {
                boolean inPeriod = ((Rule.Date) rules[i]).inPeriod();
                for (int k = 0; k < values; k++) {
                    int r = rows[k];
                    if (!date(i, texts[r], from[r], to[r], into[r])) {
                        failures[r] = fail(failures[r], i, ReasonCode.DATE_INVALID, null);
                    } else if (inPeriod && into[r].ymds[i] / 100 != periodYearMonth) {
                        failures[r] = fail(failures[r], i, ReasonCode.DATE_OUTSIDE_PERIOD, null);
                    }
                }
            }
            case DATE_OF_BIRTH -> {
                for (int k = 0; k < values; k++) {
                    int r = rows[k];
                    if (!date(i, texts[r], from[r], to[r], into[r])) { // its range is checked once the period date is known
                        failures[r] = fail(failures[r], i, ReasonCode.DATE_OF_BIRTH_INVALID, null);
                    }
                }
            }
            case CODES, ORGANISATION -> { // a complete list: a value not in it fails
                SliceTable table = tables[i];
                ReasonCode unknown = kinds[i] == Kind.CODES ? ((Rule.Codes) rules[i]).reasonCode() : ReasonCode.ORGANISATION_UNKNOWN;
                for (int k = 0; k < values; k++) {
                    int r = rows[k];
                    int slot = table.find(texts[r], from[r], to[r]);
                    if (slot >= 0) {
                        text(into[r], i, table.value(slot), table.id(slot));
                    } else {
                        failures[r] = fail(failures[r], i, unknown, null);
                    }
                }
            }
            case MATCHES, PRACTICE -> { // a cache of values checked before: a value not in it is checked, and kept if it passes
                SliceTable table = tables[i];
                ReasonCode failed = kinds[i] == Kind.PRACTICE ? ReasonCode.GP_PRACTICE_UNKNOWN : rules[i].reasonCode();
                for (int k = 0; k < values; k++) {
                    int r = rows[k];
                    char[] chars = texts[r];
                    int slot = table.find(chars, from[r], to[r]);
                    if (slot < 0) {
                        String value = new String(chars, from[r], to[r] - from[r]);
                        String kept = firstCheck(i, value);
                        if (kept != null) {
                            table.put(value, kept);
                            slot = table.find(chars, from[r], to[r]);
                        }
                    }
                    if (slot >= 0) {
                        text(into[r], i, table.value(slot), table.id(slot));
                    } else {
                        failures[r] = fail(failures[r], i, failed, null);
                    }
                }
            }
            case SUBMITTER -> {
                for (int k = 0; k < values; k++) {
                    int r = rows[k];
                    if (isProvider(texts[r], from[r], to[r])) {
                        text(into[r], i, provider, -1);
                    } else {
                        String note = organisations.contains(new String(texts[r], from[r], to[r] - from[r]))
                                ? "another organisation of the ICS, not the submitting provider " + provider : null;
                        failures[r] = fail(failures[r], i, ReasonCode.ORGANISATION_UNKNOWN, note);
                    }
                }
            }
            case WHOLE_NUMBER -> {
                Rule.WholeNumber range = (Rule.WholeNumber) rules[i];
                for (int k = 0; k < values; k++) {
                    int r = rows[k];
                    long number = parseWholeNumber(texts[r], from[r], to[r]);
                    if (number >= range.min() && number <= range.max()) {
                        into[r].numbers[i] = number;
                        into[r].present[i] = true;
                    } else {
                        failures[r] = fail(failures[r], i, ReasonCode.NUMBER_INVALID, null);
                    }
                }
            }
            case MONEY -> {
                for (int k = 0; k < values; k++) {
                    int r = rows[k];
                    long pence = parsePence(texts[r], from[r], to[r]);
                    if (pence >= 0) {
                        into[r].numbers[i] = pence;
                        into[r].present[i] = true;
                    } else {
                        failures[r] = fail(failures[r], i, ReasonCode.MONEY_INVALID, null);
                    }
                }
            }
            case IDENTIFIER -> {
                for (int k = 0; k < values; k++) {
                    int r = rows[k];
                    if (validIdentifier(texts[r], from[r], to[r])) {
                        AcceptedRow row = into[r];
                        row.sources[i] = texts[r];
                        row.starts[i] = from[r];
                        row.ends[i] = to[r];
                        row.present[i] = true;
                    } else {
                        failures[r] = fail(failures[r], i, ReasonCode.ACTIVITY_ID_INVALID, null);
                    }
                }
            }
            case FREE_TEXT -> {
                // Checked, never kept: the value is dropped whether it passes or not.
                int maxLength = ((Rule.FreeText) rules[i]).maxLength();
                for (int k = 0; k < values; k++) {
                    int r = rows[k];
                    if (!validText(texts[r], from[r], to[r], maxLength)) {
                        failures[r] = fail(failures[r], i, ReasonCode.TEXT_INVALID, null);
                    }
                }
            }
        }
    }

    /** What a MATCHES or PRACTICE column keeps of a value not met before: its normal form if it passes, else null. */
    private String firstCheck(int column, String value) {
        if (kinds[column] == Kind.PRACTICE) {
            return knownPractice(value) ? value : null;
        }
        if (!formats[column].test(value)) {
            return null;
        }
        return postcode[column] ? PostcodeLookup.normalise(value) : value;
    }

    /** A row whose columns have all been checked: the checks across its columns, then accepted or rejected. */
    private RowOutcome outcome(AcceptedRow row, List<Failure> failures) {
        failures = crossColumnChecks(row, failures);
        if (failures != null) {
            failures.sort(Comparator.comparingInt(Failure::column)); // stable: a column's own failures keep their order
            List<RowFailure> all = new ArrayList<>(failures.size());
            for (Failure f : failures) {
                all.add(f.failure());
            }
            return new RejectedRow(all.getFirst().reason(), all);
        }
        return row;
    }

    /** A TEXT column's value, with its id in the column's table ({@link SliceTable#id}) or -1 for none. */
    private static void text(AcceptedRow row, int column, String value, int id) {
        row.texts[column] = value;
        row.textIds[column] = id;
        row.present[column] = true;
    }

    private List<Failure> crossColumnChecks(AcceptedRow row, List<Failure> failures) {
        for (int i = 0; i < notBefore.length; i++) {
            int earlier = notBefore[i];
            if (earlier >= 0 && row.present[i] && row.present[earlier] && row.ymds[i] < row.ymds[earlier]) {
                failures = fail(failures, i, ReasonCode.DATE_ORDER_INVALID, "before " + names[earlier]);
            }
        }
        if (dateOfBirth >= 0 && row.present[dateOfBirth]) {
            int born = row.ymds[dateOfBirth];
            int activity = periodDate >= 0 && row.present[periodDate] ? row.ymds[periodDate] : periodEndYmd;
            if (born > activity || born < yearsBefore(activity, MAX_AGE_YEARS)) {
                failures = fail(failures, dateOfBirth, ReasonCode.DATE_OF_BIRTH_INVALID, null);
                row.present[dateOfBirth] = false;
            }
        }
        if (serviceType >= 0 && careHome >= 0 && !row.present[careHome] && row.present[serviceType]
                && CARE_HOME_SERVICES.contains(row.texts[serviceType])) {
            failures = fail(failures, careHome, ReasonCode.REQUIRED_MISSING, "required for residential_care and nursing_care");
        }
        return failures;
    }

    /** {@code LocalDate.minusYears} on a YYYYMMDD date: 29 February becomes the 28th in a year that has none. */
    static int yearsBefore(int ymd, int years) {
        int year = ymd / 10_000 - years;
        int monthDay = ymd % 10_000;
        if (monthDay == 229 && !Year.isLeap(year)) {
            monthDay = 228;
        }
        return year * 10_000 + monthDay;
    }

    /**
     * Parses the date {@code chars[from, to)} into the row's column (days and YYYYMMDD), found again if the column had
     * the same date recently; false if it is not a real date written YYYY-MM-DD.
     */
    private boolean date(int column, char[] chars, int from, int to, AcceptedRow row) {
        int key = dateKey(chars, from, to);
        if (key < 0) {
            return false;
        }
        int slot = key * 0x9E3779B1 >>> 26; // RECENT_DATE_SLOTS = 64
        int[] keys = recentDateKeys[column];
        long day;
        if (keys[slot] == key) {
            day = recentDays[column][slot];
        } else {
            day = epochDayOf(key);
            if (day == Long.MIN_VALUE) {
                return false;
            }
            keys[slot] = key;
            recentDays[column][slot] = day;
        }
        row.numbers[column] = day;
        row.ymds[column] = key;
        row.present[column] = true;
        return true;
    }

    /** {@link Character#isWhitespace}, as {@link String#strip()} tests it, without a table lookup for the usual printable ASCII. */
    private static boolean blank(char c) {
        return (c <= ' ' || c >= 0x80) && Character.isWhitespace(c);
    }

    private boolean isProvider(char[] chars, int from, int to) {
        if (to - from != provider.length()) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (chars[i] != provider.charAt(i - from)) {
                return false;
            }
        }
        return true;
    }

    private boolean knownPractice(String ods) {
        // Closed practices count: two-year-old activity can name a practice that has since merged or closed.
        return icsPractices.contains(ods) || nationalPractices.contains(ods);
    }

    private List<Failure> fail(List<Failure> failures, int column, ReasonCode reason, String note) {
        List<Failure> list = failures == null ? new ArrayList<>(4) : failures;
        list.add(new Failure(column, new RowFailure(reason, names[column], note)));
        return list;
    }

    // ---- value parsers: hand-written, no regex or exceptions on the hot path ----

    /** A real calendar date written YYYY-MM-DD (year 0001 to 9999), or null. */
    static LocalDate parseDate(String s) {
        char[] chars = s.toCharArray();
        int key = dateKey(chars, 0, chars.length);
        return key < 0 ? null : dateOf(key);
    }

    /** YYYYMMDD as a number if {@code chars[from, to)} is written YYYY-MM-DD with a year from 1 and a month 1 to 12, else -1. */
    private static int dateKey(char[] chars, int from, int to) {
        if (to - from != 10 || chars[from + 4] != '-' || chars[from + 7] != '-') {
            return -1;
        }
        int year = digits(chars, from, from + 4);
        int month = digits(chars, from + 5, from + 7);
        int day = digits(chars, from + 8, from + 10);
        if (year < 1 || month < 1 || month > 12 || day < 1) {
            return -1;
        }
        return year * 10_000 + month * 100 + day;
    }

    /** Days since 1970-01-01 of a {@link #dateKey}, or Long.MIN_VALUE if its day is past the end of its month. */
    static long epochDayOf(int key) {
        int year = key / 10_000;
        int month = key / 100 % 100;
        int day = key % 100;
        boolean leap = Year.isLeap(year);
        if (day > Month.of(month).length(leap)) { // enum constants: no object per date checked
            return Long.MIN_VALUE;
        }
        // Days before the year, then before the month (as if every February had 30 days, corrected after it), then the
        // day: LocalDate.toEpochDay's count, without a LocalDate — dates of birth rarely repeat, so this runs most rows.
        long days = 365L * year + (year + 3) / 4 - (year + 99) / 100 + (year + 399) / 400 + (367 * month - 362) / 12 + day - 1;
        if (month > 2) {
            days -= leap ? 1 : 2;
        }
        return days - DAYS_0000_TO_1970;
    }

    /** Days from 0000-01-01 to 1970-01-01 in the proleptic Gregorian calendar. */
    private static final long DAYS_0000_TO_1970 = 719_528L;

    /** The date of a {@link #dateKey}, or null if its day is past the end of its month. */
    private static LocalDate dateOf(int key) {
        int year = key / 10_000;
        int month = key / 100 % 100;
        int day = key % 100;
        if (day > Month.of(month).length(Year.isLeap(year))) { // enum constants: no object per date checked
            return null;
        }
        return LocalDate.of(year, month, day);
    }

    /** The number written by the digits chars[from, to), or -1 if any is not a digit. */
    private static int digits(char[] chars, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = chars[i];
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /** An optionally negative whole number of at most 9 digits, or Long.MIN_VALUE. */
    static long parseWholeNumber(String s) {
        return parseWholeNumber(s.toCharArray(), 0, s.length());
    }

    private static long parseWholeNumber(char[] chars, int from, int to) {
        int start = chars[from] == '-' ? from + 1 : from;
        int length = to - start;
        if (length < 1 || length > 9) {
            return Long.MIN_VALUE;
        }
        int n = digits(chars, start, to);
        if (n < 0) {
            return Long.MIN_VALUE;
        }
        return start > from ? -n : n;
    }

    /**
     * Pounds as written by a finance system: digits, optionally a point and one or two more digits,
     * at most 16 digits before the point (decimal(18,2)). No sign, currency symbol, thousands
     * separator or exponent. Null if not.
     */
    static BigDecimal parseMoney(String s) {
        long pence = parsePence(s.toCharArray(), 0, s.length());
        return pence < 0 ? null : BigDecimal.valueOf(pence, 2);
    }

    /** {@link #parseMoney} as pence (at most 18 digits: a long holds them), or -1. */
    private static long parsePence(char[] chars, int from, int to) {
        int point = -1;
        for (int i = from; i < to; i++) {
            if (chars[i] == '.') {
                point = i - from;
                break;
            }
        }
        int length = to - from;
        int whole = point < 0 ? length : point;
        int fraction = point < 0 ? 0 : length - point - 1;
        if (whole < 1 || whole > 16 || point >= 0 && (fraction < 1 || fraction > 2)) {
            return -1;
        }
        long unscaled = 0;
        for (int i = 0; i < length; i++) {
            if (i == point) {
                continue;
            }
            char c = chars[from + i];
            if (c < '0' || c > '9') {
                return -1;
            }
            unscaled = unscaled * 10 + (c - '0');
        }
        for (int i = fraction; i < 2; i++) {
            unscaled *= 10;
        }
        return unscaled;
    }

    /** 1 to 64 printable ASCII characters. */
    static boolean validIdentifier(String s) {
        return validIdentifier(s.toCharArray(), 0, s.length());
    }

    private static boolean validIdentifier(char[] chars, int from, int to) {
        if (to == from || to - from > 64) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = chars[i];
            if (c < 0x20 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }

    /** At most maxLength code points; tabs and line breaks allowed, no other control character. */
    static boolean validText(String s, int maxLength) {
        return validText(s.toCharArray(), 0, s.length(), maxLength);
    }

    private static boolean validText(char[] chars, int from, int to, int maxLength) {
        if (to - from > maxLength && Character.codePointCount(chars, from, to - from) > maxLength) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = chars[i];
            if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
                return false;
            }
        }
        return true;
    }

    private int indexOfKind(Kind kind) {
        for (int i = 0; i < kinds.length; i++) {
            if (kinds[i] == kind) {
                return i;
            }
        }
        return -1;
    }
}
