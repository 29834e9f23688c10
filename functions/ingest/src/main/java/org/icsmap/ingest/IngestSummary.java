package org.icsmap.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.icsmap.domain.ingest.IngestReport;
import org.icsmap.domain.landing.LandingKey;

/**
 * What one invocation did: an entry per object the event named, and how many ended each way. Counts and
 * reason codes only; the full story of an upload is its report in {@code audit/ingest/}.
 *
 * @param objects  how many objects the event named
 * @param outcomes how many of them ended each way (only outcomes that occurred)
 * @param uploads  one entry per object, in event order
 */
public record IngestSummary(int objects, Map<Outcome, Integer> outcomes, List<Upload> uploads) {

    /** How one object ended: the ingest report's outcome, or why the function did not ingest it. */
    public enum Outcome {
        /** Validated and written (see {@link IngestReport.Outcome#ACCEPTED}). */
        ACCEPTED,
        /** Rejected whole; only its report was written. */
        REJECTED,
        /** Already processed: nothing was redone. */
        REPLAY,
        /** A newer upload for the same partition was already processed. */
        SUPERSEDED,
        /** Not an upload: outside {@code landing/}, or not an object-created event. */
        IGNORED,
        /** Ingest failed (storage, key service or a bug); the invocation fails so the event is retried. */
        FAILED
    }

    /**
     * One object of the event.
     *
     * @param bucket          the bucket the event named
     * @param key             the object key, when it is a well-formed landing key (provider, feed, period and
     *                        upload id: nothing identifying); otherwise null, and {@code keySha256} says which
     * @param keySha256       SHA-256 of a key that is not a well-formed landing key, as in
     *                        {@link IngestReport#keyForUnreadableKey}
     * @param outcome         how it ended
     * @param reason          the rejection's reason code, why it was ignored, or the failure's exception type
     * @param rows            the report's row counts, when rows were read
     * @param keyServiceCalls key-service (KMS) calls this upload made, when it was ingested
     * @param durationMs      time spent on this object
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Upload(String bucket, String key, String keySha256, Outcome outcome, String reason, IngestReport.Rows rows,
                         Integer keyServiceCalls, long durationMs) {

        static Upload of(ObjectEvent object, Outcome outcome, String reason, IngestReport.Rows rows, Integer keyServiceCalls,
                         long durationMs) {
            boolean landingKey = LandingKey.isLandingKey(object.key());
            return new Upload(object.bucket(), landingKey ? object.key() : null, landingKey ? null : sha256(object.key()), outcome,
                    reason, rows, keyServiceCalls, durationMs);
        }
    }

    public static IngestSummary of(List<Upload> uploads) {
        Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
        uploads.forEach(upload -> outcomes.merge(upload.outcome(), 1, Integer::sum));
        return new IngestSummary(uploads.size(), Collections.unmodifiableMap(outcomes), List.copyOf(uploads));
    }

    /** How many objects ended the given way. */
    public int count(Outcome outcome) {
        return outcomes.getOrDefault(outcome, 0);
    }

    static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
