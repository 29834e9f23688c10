package org.icsmap.domain.landing;

import java.time.DateTimeException;
import java.time.YearMonth;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.icsmap.domain.feed.Feed;
import org.icsmap.domain.feed.ReasonCode;

/**
 * Who sent what, read from an object key:
 * {@code landing/provider=<ODS>/feed=<feed>/period=<YYYY-MM>/<upload-id>.<csv|csv.gz>}.
 *
 * @param provider the sender's ODS code
 * @param feed     the canonical feed
 * @param period   the month the file covers
 * @param uploadId the upload's own id (letters, digits, '-' and '_')
 * @param gzipped  whether the name says {@code .csv.gz} (the content is checked too: gzip is detected by its magic bytes)
 */
public record LandingKey(String provider, Feed feed, YearMonth period, String uploadId, boolean gzipped) {

    public static final String PREFIX = "landing/";
    private static final Pattern KEY = Pattern.compile("landing/provider=([^/]*)/feed=([^/]*)/period=([^/]*)/([^/]+)");
    private static final Pattern ODS = Pattern.compile("[A-Z0-9]{3,6}");
    private static final Pattern PERIOD = Pattern.compile("[0-9]{4}-[0-9]{2}");
    private static final Pattern FILE_NAME = Pattern.compile("([A-Za-z0-9_-]{1,128})\\.(csv|csv\\.gz)");

    /** Why a key could not be read, for the report. */
    public record Problem(ReasonCode reason, String message) {
    }

    /**
     * Parses a key, or says precisely what is wrong with it; its period must pass {@code periods} (a month that has begun
     * and that the curated zone still keeps), else {@code FILE_PERIOD_OUT_OF_RANGE}.
     */
    public static Result parse(String key, PeriodRule periods) {
        Objects.requireNonNull(periods, "periods");
        return parse(key, Optional.of(periods));
    }

    /**
     * Whether {@code key} is shaped like a landing key (an ODS code, a feed, a real month, an upload id): such a key
     * names no person, so it may be logged. It says nothing about whether the upload would be accepted.
     */
    public static boolean isLandingKey(String key) {
        return parse(key, Optional.empty()).ok();
    }

    private static Result parse(String key, Optional<PeriodRule> periods) {
        Matcher m = KEY.matcher(key);
        if (!m.matches()) {
            return problem(ReasonCode.FILE_KEY_INVALID, "the key is not " + PREFIX
                    + "provider=<ODS>/feed=<feed>/period=<YYYY-MM>/<upload-id>.<csv|csv.gz>");
        }
        if (!ODS.matcher(m.group(1)).matches()) {
            return problem(ReasonCode.FILE_PROVIDER_UNKNOWN, "provider '" + m.group(1) + "' is not an ODS code (3 to 6 capital letters or digits)");
        }
        Optional<Feed> feed = Feed.fromId(m.group(2));
        if (feed.isEmpty()) {
            return problem(ReasonCode.FILE_FEED_NOT_AGREED, "feed '" + m.group(2) + "' is not a feed; allowed: " + Feed.allowedIds());
        }
        YearMonth period;
        if (periods.isPresent()) {
            switch (periods.get().check(m.group(3))) {
                case PeriodRule.Accepted accepted -> period = accepted.period();
                case PeriodRule.Malformed malformed -> {
                    return problem(ReasonCode.FILE_PERIOD_INVALID, malformed.message());
                }
                case PeriodRule.OutOfRange outOfRange -> {
                    return problem(ReasonCode.FILE_PERIOD_OUT_OF_RANGE, outOfRange.message());
                }
            }
        } else {
            try {
                if (!PERIOD.matcher(m.group(3)).matches()) {
                    throw new DateTimeException("not YYYY-MM");
                }
                period = YearMonth.parse(m.group(3));
            } catch (DateTimeException e) {
                return problem(ReasonCode.FILE_PERIOD_INVALID, "the period is not a real month in YYYY-MM form");
            }
        }
        Matcher name = FILE_NAME.matcher(m.group(4));
        if (!name.matches()) {
            return problem(ReasonCode.FILE_KEY_INVALID, "file name '" + m.group(4)
                    + "' is not <upload-id>.csv or <upload-id>.csv.gz (upload id: letters, digits, '-' and '_')");
        }
        return new Result(new LandingKey(m.group(1), feed.get(), period, name.group(1), name.group(2).equals("csv.gz")), null);
    }

    private static Result problem(ReasonCode reason, String message) {
        return new Result(null, new Problem(reason, message));
    }

    /** The key this would be stored under. */
    public String key() {
        return PREFIX + "provider=" + provider + "/feed=" + feed.id() + "/period=" + period + "/" + uploadId + (gzipped ? ".csv.gz" : ".csv");
    }

    /** The partition this upload replaces: {@code feed=<feed>/provider=<ODS>/period=<YYYY-MM>}. */
    public String partition() {
        return "feed=" + feed.id() + "/provider=" + provider + "/period=" + period;
    }

    /** Either a key or a problem. */
    public record Result(LandingKey key, Problem problem) {
        public boolean ok() {
            return key != null;
        }
    }
}
