package org.icsmap.statemachine.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.List;

/**
 * One Retry entry, with AWS's defaults (IntervalSeconds 1, MaxAttempts 3, BackoffRate 2.0).
 *
 * @param maxDelaySeconds cap on a single delay, or null
 * @param jitterStrategy  {@code NONE} or {@code FULL}; delays are computed without jitter locally so
 *                        that runs are reproducible
 */
public record Retrier(
        List<String> errorEquals,
        int intervalSeconds,
        int maxAttempts,
        BigDecimal backoffRate,
        Integer maxDelaySeconds,
        String jitterStrategy) {

    public static final int DEFAULT_INTERVAL_SECONDS = 1;
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    public static final BigDecimal DEFAULT_BACKOFF_RATE = new BigDecimal("2.0");

    /** The wait before retry number {@code retryIndex + 1}: IntervalSeconds x BackoffRate^retryIndex. */
    public Duration delayBefore(int retryIndex) {
        BigDecimal seconds = BigDecimal.valueOf(intervalSeconds).multiply(backoffRate.pow(retryIndex));
        if (maxDelaySeconds != null && seconds.compareTo(BigDecimal.valueOf(maxDelaySeconds)) > 0) {
            seconds = BigDecimal.valueOf(maxDelaySeconds);
        }
        long millis = seconds.movePointRight(3).setScale(0, RoundingMode.HALF_UP).longValueExact();
        return Duration.ofMillis(millis);
    }
}
