package org.icsmap.domain.costing;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import org.icsmap.domain.feed.ActivityDefinition;
import org.icsmap.domain.feed.Feed;
import org.icsmap.domain.feed.FeedDefinition;
import org.icsmap.domain.feed.Rule;
import org.icsmap.domain.feed.SuppliedCost;

/**
 * The cost of one activity row read from its values as the provider wrote them (text, in the feed's canonical
 * column order), by the rule the refresh's costing applies to curated rows ({@code sql/costing/costed_activity.sql}),
 * reading the columns the feed's {@link ActivityDefinition} names:
 * <ol>
 *   <li>a weekly cost (social care): {@code weekly cost × days / 7} rounded half up to the penny, the days counted
 *       from the first to the last day of the row inclusive ({@link SuppliedCost.WeeklyCost});</li>
 *   <li>otherwise the provider's patient-level cost where the field is not empty;</li>
 *   <li>otherwise the reference unit cost for the feed, point of delivery and cost code ({@link UnitCosts}), times
 *       the bed days when priced per bed day.</li>
 * </ol>
 *
 * <p>Ingest uses it for the rows that never reach {@code curated/} (opted out, quarantined, exact duplicates), so
 * its report can say what they cost; curated rows are costed by the refresh, never here. A cost that cannot be
 * read is <em>unknown</em> ({@link Optional#empty()}), never guessed: a value the cost is computed from that is not
 * valid for its column (malformed money, an impossible date, bed days out of range), a service that ends before
 * it starts, or no reference unit cost for the row's point of delivery and code (a row the refresh would count at
 * £0 as {@code uncosted}). A supplied cost that is malformed is unknown too, not replaced by the reference cost.
 * Values are read as {@code RowValidator} reads them: trimmed; money as digits with at most two decimals and no
 * sign; dates as real calendar dates written YYYY-MM-DD; bed days as a whole number in the column's range.
 *
 * <p>Immutable and thread-safe.
 */
public final class RowCost {

    private final Feed feed;
    private final UnitCosts unitCosts;
    private final int width;
    private final int cost;
    private final int weeklyCost;
    private final int start;
    private final int end;
    private final int pod;
    private final int code;
    private final int bedDays;
    private final Rule.WholeNumber bedDaysRange;

    public RowCost(FeedDefinition definition, UnitCosts unitCosts) {
        this.feed = definition.feed();
        ActivityDefinition activity = definition.activity()
                .orElseThrow(() -> new IllegalArgumentException("the " + feed + " feed is not activity: it has no cost"));
        this.unitCosts = Objects.requireNonNull(unitCosts);
        this.width = definition.columns().size();
        SuppliedCost supplied = activity.suppliedCost().orElse(null);
        this.cost = supplied instanceof SuppliedCost.PatientLevelCost plics ? required(definition, plics.column()) : -1;
        SuppliedCost.WeeklyCost weekly = supplied instanceof SuppliedCost.WeeklyCost w ? w : null;
        this.weeklyCost = weekly == null ? -1 : required(definition, weekly.column());
        this.start = weekly == null ? -1 : required(definition, weekly.from());
        this.end = weekly == null ? -1 : required(definition, weekly.to());
        this.pod = required(definition, "pod");
        this.code = required(definition, activity.costCode());
        this.bedDays = activity.bedDays().map(column -> required(definition, column)).orElse(-1);
        this.bedDaysRange = bedDays < 0 ? null : (Rule.WholeNumber) definition.columns().get(bedDays).rule();
    }

    /**
     * The column the reference unit cost is looked up by, besides the point of delivery: the {@code cost_code} of
     * {@code costing/costed_activity.sql} ({@link ActivityDefinition#costCode()}).
     */
    public static String codeColumn(Feed feed) {
        return feed.definition().activity()
                .orElseThrow(() -> new IllegalArgumentException("the " + feed + " feed is not activity: it has no cost code"))
                .costCode();
    }

    /** The row's cost in pounds (scale 2), or empty when it cannot be read; {@code values} in canonical column order. */
    public Optional<BigDecimal> of(String[] values) {
        if (values.length != width) {
            throw new IllegalArgumentException(values.length + " values for " + width + " columns of " + feed);
        }
        if (weeklyCost >= 0) {
            BigDecimal weekly = money(values[weeklyCost]);
            LocalDate from = date(values[start]);
            LocalDate to = date(values[end]);
            if (weekly == null || from == null || to == null || to.isBefore(from)) {
                return Optional.empty();
            }
            return Optional.of(UnitCosts.weeklyCostFor(weekly, (int) (to.toEpochDay() - from.toEpochDay()) + 1));
        }
        String supplied = cost < 0 ? "" : values[cost].strip();
        if (!supplied.isEmpty()) {
            return Optional.ofNullable(money(supplied));
        }
        Optional<UnitCosts.UnitCost> unit = unitCosts.find(feed, values[pod].strip(), values[code].strip());
        if (unit.isEmpty()) {
            return Optional.empty();
        }
        if (unit.get().unit() != UnitCosts.Unit.BED_DAY) {
            return Optional.of(unitCosts.costOf(unit.get(), 0));
        }
        Integer days = bedDays < 0 ? null : wholeNumber(values[bedDays], bedDaysRange);
        return days == null ? Optional.empty() : Optional.of(unitCosts.costOf(unit.get(), days));
    }

    private static int required(FeedDefinition definition, String column) {
        int index = definition.indexOf(column);
        if (index < 0) {
            throw new IllegalStateException(definition.feed() + " has no column " + column + ", which costing reads");
        }
        return index;
    }

    // ---- readers: the validator's rules, written for a few rows, not for the hot path ----

    /** Pounds: 1 to 16 digits, optionally a point and one or two more; no sign, symbol, separator or exponent. Else null. */
    static BigDecimal money(String text) {
        String s = text.strip();
        int point = s.indexOf('.');
        int whole = point < 0 ? s.length() : point;
        int fraction = point < 0 ? 0 : s.length() - point - 1;
        if (whole < 1 || whole > 16 || point >= 0 && (fraction < 1 || fraction > 2) || !digitsExcept(s, point)) {
            return null;
        }
        return new BigDecimal(s).setScale(2);
    }

    /** A real calendar date written YYYY-MM-DD (year 0001 to 9999), else null. */
    static LocalDate date(String text) {
        String s = text.strip();
        if (s.length() != 10 || s.charAt(4) != '-' || s.charAt(7) != '-' || !digitsExcept(s, 4, 7)) {
            return null;
        }
        try {
            int year = Integer.parseInt(s, 0, 4, 10);
            return year < 1 ? null : LocalDate.of(year, Integer.parseInt(s, 5, 7, 10), Integer.parseInt(s, 8, 10, 10));
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** An optionally negative whole number of 1 to 9 digits inside {@code range}, else null. */
    static Integer wholeNumber(String text, Rule.WholeNumber range) {
        String s = text.strip();
        int sign = s.startsWith("-") ? 1 : 0;
        if (s.length() - sign < 1 || s.length() - sign > 9 || !digitsExcept(s.substring(sign))) {
            return null;
        }
        int n = Integer.parseInt(s);
        return n < range.min() || n > range.max() ? null : n;
    }

    /** Whether every character of {@code s} is an ASCII digit, except at the positions given. */
    private static boolean digitsExcept(String s, int... skip) {
        outer:
        for (int i = 0; i < s.length(); i++) {
            for (int k : skip) {
                if (i == k) {
                    continue outer;
                }
            }
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
