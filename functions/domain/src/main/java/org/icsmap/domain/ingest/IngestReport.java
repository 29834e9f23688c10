package org.icsmap.domain.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.math.BigDecimal;
import java.util.Map;

/**
 * What happened to one upload: written as JSON to
 * {@code audit/ingest/provider=<ODS>/feed=<feed>/period=<YYYY-MM>/<upload-id>.json}, last, after every
 * other output, so its presence means the upload is done. Counts and sums only: no row values, no identifiers.
 * For an accepted file, {@code rows.in = rows.curated + rows.quarantined + rows.duplicates + rows.opted_out}, and
 * {@code costs} says what the rows that did not reach curated cost (absent for the opt-out list, and in reports
 * written before it existed).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder(alphabetic = false)
public record IngestReport(
        String format,
        String landingKey,
        String uploadId,
        String provider,
        String feed,
        String period,
        Outcome outcome,
        Rejection rejection,
        Input input,
        Rows rows,
        Map<String, Long> flagged,
        Map<String, Long> quarantinedByReason,
        Costs costs,
        Outputs outputs,
        int keyServiceCalls,
        Map<String, Long> timingsMs) {

    /** A report without {@code costs}: a rejected, superseded or replayed upload, or the opt-out list. */
    public IngestReport(String format, String landingKey, String uploadId, String provider, String feed, String period, Outcome outcome,
                        Rejection rejection, Input input, Rows rows, Map<String, Long> flagged, Map<String, Long> quarantinedByReason,
                        Outputs outputs, int keyServiceCalls, Map<String, Long> timingsMs) {
        this(format, landingKey, uploadId, provider, feed, period, outcome, rejection, input, rows, flagged, quarantinedByReason, null,
                outputs, keyServiceCalls, timingsMs);
    }

    public static final String FORMAT = "icsmap-ingest-report/1";

    public enum Outcome {
        /** Validated and written: curated, quarantine and vault for the partition now come from this upload. */
        ACCEPTED,
        /** Rejected whole before anything was written; see {@code rejection}. */
        REJECTED,
        /** The same upload was already processed (same key, size and modification time): nothing was redone. */
        REPLAY,
        /** A newer upload for the same partition is already processed: this older one changed nothing. */
        SUPERSEDED
    }

    public record Rejection(String reason, String message) {
    }

    public record Input(long bytes, String sha256, Boolean gzip, Boolean byteOrderMark, String separator, long lastModifiedEpochMs) {
    }

    public record Rows(long in, long curated, long quarantined, long duplicates, long optedOut) {
        public boolean addUp() {
            return in == curated + quarantined + duplicates + optedOut;
        }
    }

    /**
     * What the rows that did not reach curated cost, in pounds, by where they went: the refresh's costing rule
     * ({@link org.icsmap.domain.costing.RowCost}) applied to each row as the provider wrote it. A row whose cost cannot
     * be read (a broken record, a malformed cost, an impossible date its cost depends on, no reference unit cost for
     * its code) adds nothing to the sum and is counted in the matching {@code …CostUnknownRows}. Duplicates cost
     * what the rows they repeat cost: the amount that would have been counted twice.
     */
    public record Costs(BigDecimal optedOut, long optedOutCostUnknownRows, BigDecimal quarantined, long quarantinedCostUnknownRows,
                        BigDecimal duplicates, long duplicatesCostUnknownRows) {

        public static final Costs NONE = new Costs(BigDecimal.ZERO.setScale(2), 0, BigDecimal.ZERO.setScale(2), 0,
                BigDecimal.ZERO.setScale(2), 0);

        public Costs plus(Costs other) {
            return new Costs(optedOut.add(other.optedOut), optedOutCostUnknownRows + other.optedOutCostUnknownRows,
                    quarantined.add(other.quarantined), quarantinedCostUnknownRows + other.quarantinedCostUnknownRows,
                    duplicates.add(other.duplicates), duplicatesCostUnknownRows + other.duplicatesCostUnknownRows);
        }
    }

    /**
     * @param curatedSha256 the SHA-256 of the curated object as written, which the refresh checks before reading it
     *                      (absent from reports written before it was recorded)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Outputs(String curated, String quarantine, String vault, String curatedSha256) {
        public Outputs(String curated, String quarantine, String vault) {
            this(curated, quarantine, vault, null);
        }
    }

    public static String key(String provider, String feed, String period, String uploadId) {
        return "audit/ingest/provider=" + provider + "/feed=" + feed + "/period=" + period + "/" + uploadId + ".json";
    }

    /** Where the report of an upload whose key could not even be read goes. */
    public static String keyForUnreadableKey(String landingKey) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(landingKey.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "audit/ingest/unreadable-keys/" + java.util.HexFormat.of().formatHex(digest) + ".json";
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
