package org.icsmap.engine.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.icsmap.domain.feed.Disposition;
import org.icsmap.domain.feed.ReasonCode;
import org.icsmap.domain.ingest.IngestReport;
import org.icsmap.domain.landing.LandingKey;
import org.icsmap.domain.port.ObjectStore;

/** The audit zone's ingest reports: the one an upload left before (for replays), and storing the new one. */
final class IngestReports {

    private final ObjectStore audit;
    private final ObjectMapper json = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    IngestReports(ObjectStore audit) {
        this.audit = audit;
    }

    Optional<IngestReport> previous(String reportKey) throws IOException {
        if (audit.stat(reportKey).isEmpty()) {
            return Optional.empty();
        }
        try (InputStream in = audit.open(reportKey)) {
            return Optional.of(json.readValue(in, IngestReport.class));
        }
    }

    /** Stores the report under its key, unless it is a replay's (the earlier report stands), and returns it. */
    IngestReport store(String reportKey, IngestReport report) throws IOException {
        if (report.outcome() != IngestReport.Outcome.REPLAY) {
            audit.put(reportKey, json.writeValueAsBytes(report), Map.of());
        }
        return report;
    }

    static IngestReport asReplay(IngestReport previous) {
        return new IngestReport(previous.format(), previous.landingKey(), previous.uploadId(), previous.provider(), previous.feed(),
                previous.period(), IngestReport.Outcome.REPLAY, null, previous.input(), previous.rows(), previous.flagged(),
                previous.quarantinedByReason(), previous.costs(), previous.outputs(), 0, Map.of());
    }

    static IngestReport rejected(String landingKey, LandingKey key, ReasonCode reason, String message, IngestReport.Input input,
                                 int keyServiceCalls, long totalMs) {
        return new IngestReport(IngestReport.FORMAT, landingKey, key == null ? null : key.uploadId(), key == null ? null : key.provider(),
                key == null ? null : key.feed().id(), key == null ? null : key.period().toString(), IngestReport.Outcome.REJECTED,
                new IngestReport.Rejection(reason.name(), message), input, null, null, null, null, keyServiceCalls,
                Map.of("total", totalMs));
    }

    /** The summary's reason counts split as the report gives them: rows flagged (kept), rows quarantined by primary reason. */
    static Map<String, Long> byDisposition(ExtractSummary summary, Disposition disposition) {
        Map<String, Long> counts = new TreeMap<>();
        summary.reasons().forEach((reason, count) -> {
            if (reason.disposition() == disposition) {
                counts.put(reason.name(), count);
            }
        });
        return counts;
    }
}
