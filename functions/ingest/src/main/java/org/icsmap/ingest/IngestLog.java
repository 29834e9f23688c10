package org.icsmap.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.icsmap.domain.ingest.IngestReport;

/**
 * The function's log: one JSON object per line (CloudWatch Logs Insights reads the fields without a
 * parser). What it may hold is fixed here — bucket, a well-formed landing key or the hash of any other
 * key, outcome, reason codes, counts and timings — so no row value, NHS number, postcode or date of
 * birth can reach it.
 */
public final class IngestLog {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Consumer<String> lines;
    private final Clock clock;

    /** @param lines where each JSON line goes (standard output in Lambda, a list in tests) */
    public IngestLog(Consumer<String> lines, Clock clock) {
        this.lines = Objects.requireNonNull(lines);
        this.clock = Objects.requireNonNull(clock);
    }

    /** Lines to standard output, which Lambda sends to CloudWatch Logs. */
    public static IngestLog toStandardOutput() {
        PrintStream out = System.out;
        return new IngestLog(out::println, Clock.systemUTC());
    }

    /** One line per object of an event: what became of it. */
    void upload(IngestSummary.Upload upload) {
        Map<String, Object> line = line(upload.outcome() == IngestSummary.Outcome.FAILED ? "ERROR" : "INFO", "ingest.upload");
        line.put("bucket", upload.bucket());
        putIfPresent(line, "key", upload.key());
        putIfPresent(line, "key_sha256", upload.keySha256());
        line.put("outcome", upload.outcome().name());
        putIfPresent(line, "reason", upload.reason());
        IngestReport.Rows rows = upload.rows();
        if (rows != null) {
            line.put("rows_in", rows.in());
            line.put("rows_curated", rows.curated());
            line.put("rows_quarantined", rows.quarantined());
            line.put("rows_duplicates", rows.duplicates());
            line.put("rows_opted_out", rows.optedOut());
        }
        putIfPresent(line, "key_service_calls", upload.keyServiceCalls());
        line.put("duration_ms", upload.durationMs());
        write(line);
    }

    /** The event was not one the function reads. */
    void unrecognisedEvent(UnrecognisedEventException e) {
        Map<String, Object> line = line("ERROR", "ingest.unrecognised_event");
        line.put("problem", e.getMessage());
        write(line);
    }

    /** The invocation as a whole: how many objects ended each way. */
    void invocation(IngestSummary summary, long durationMs) {
        Map<String, Object> line = line(summary.count(IngestSummary.Outcome.FAILED) > 0 ? "ERROR" : "INFO", "ingest.invocation");
        line.put("objects", summary.objects());
        Map<String, Integer> outcomes = new LinkedHashMap<>();
        summary.outcomes().forEach((outcome, count) -> outcomes.put(outcome.name(), count));
        line.put("outcomes", outcomes);
        line.put("duration_ms", durationMs);
        write(line);
    }

    private Map<String, Object> line(String level, String event) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", clock.instant().toString());
        line.put("level", level);
        line.put("event", event);
        return line;
    }

    private static void putIfPresent(Map<String, Object> line, String name, Object value) {
        if (value != null) {
            line.put(name, value);
        }
    }

    private void write(Map<String, Object> line) {
        try {
            lines.accept(JSON.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a log line could not be written as JSON", e);
        }
    }
}
