package org.icsmap.domain.landing;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Objects;
import java.util.regex.Pattern;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.domain.config.Zone;

/**
 * The one rule for the month an extract covers, wherever a period comes in (an upload grant, a landing key, the
 * command line): a real month written {@code YYYY-MM}, that has begun in England (a file cannot cover a month that
 * has not), and no older than the curated zone keeps data (it would be deleted on arrival). "Now" is the injected
 * clock's. Messages never repeat the period checked: a landing key comes from outside, and the caller knows what it sent.
 */
public final class PeriodRule {

    public static final ZoneId ENGLAND = ZoneId.of("Europe/London");
    private static final Pattern FORM = Pattern.compile("[0-9]{4}-[0-9]{2}");

    private final Clock clock;
    private final int retentionDays;
    private final String ics;

    private PeriodRule(Clock clock, int retentionDays, String ics) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.retentionDays = retentionDays;
        this.ics = ics;
    }

    public static PeriodRule of(IcsConfig config, Clock clock) {
        return new PeriodRule(clock, config.retentionDays().getOrDefault(Zone.CURATED, IcsConfig.DEFAULT_RETENTION_DAYS.get(Zone.CURATED)),
                config.code());
    }

    /** What the rule says of one period. */
    public sealed interface Checked {
    }

    public record Accepted(YearMonth period) implements Checked {
    }

    /** Not a real month in {@code YYYY-MM} form. */
    public record Malformed(String message) implements Checked {
    }

    /** A real month, but one that has not begun or that the curated zone no longer keeps. */
    public record OutOfRange(String message) implements Checked {
    }

    public Checked check(String text) {
        YearMonth period;
        try {
            if (text == null || !FORM.matcher(text).matches()) {
                throw new DateTimeException("not YYYY-MM");
            }
            period = YearMonth.parse(text);
        } catch (DateTimeException e) {
            return new Malformed("the period is not a real month in YYYY-MM form, e.g. 2024-05");
        }
        YearMonth current = YearMonth.now(clock.withZone(ENGLAND));
        if (period.isAfter(current)) {
            return new OutOfRange("the period has not begun (this month is " + current + ")");
        }
        YearMonth earliest = earliest(current);
        if (period.isBefore(earliest)) {
            return new OutOfRange("the period is older than the " + retentionDays + " days ICS " + ics
                    + " keeps curated data; the earliest period accepted is " + earliest);
        }
        return new Accepted(period);
    }

    private YearMonth earliest(YearMonth current) {
        return YearMonth.from(current.atDay(1).minusDays(retentionDays));
    }
}
