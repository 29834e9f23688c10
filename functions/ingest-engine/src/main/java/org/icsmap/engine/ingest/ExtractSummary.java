package org.icsmap.engine.ingest;

import java.util.Map;
import org.icsmap.domain.feed.ReasonCode;

/**
 * The counts of one validated extract. They reconcile:
 * {@code records == accepted + quarantined + duplicates}, and every physical line after the header
 * belongs to exactly one record ({@code physicalLines == header.lineCount() + Σ record.lineCount()}).
 *
 * @param header        the header as read
 * @param physicalLines lines in the file, header included
 * @param records       data records read (structural rejections included)
 * @param accepted      rows that passed (flagged ones included)
 * @param quarantined   rows rejected with a quarantine reason
 * @param duplicates    exact repeats of an earlier row, dropped
 * @param reasons       per reason code: rejected rows by their primary reason, accepted rows by each flag
 */
public record ExtractSummary(ExtractHeader header, long physicalLines, long records, long accepted, long quarantined, long duplicates,
                             Map<ReasonCode, Long> reasons) {

    public ExtractSummary {
        reasons = Map.copyOf(reasons);
    }

    public long count(ReasonCode reason) {
        return reasons.getOrDefault(reason, 0L);
    }
}
