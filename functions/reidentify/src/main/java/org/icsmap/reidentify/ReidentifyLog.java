package org.icsmap.reidentify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The function's log: one JSON object per line, counts and codes only: the request id (which finds the audit
 * record), the caller's role name (never its session name), organisation, outcome, reason and counts. No
 * pseudonym, no NHS number: the audit record is the one place a request's pseudonyms are kept.
 */
public final class ReidentifyLog {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Consumer<String> lines;
    private final Clock clock;

    public ReidentifyLog(Consumer<String> lines, Clock clock) {
        this.lines = Objects.requireNonNull(lines);
        this.clock = Objects.requireNonNull(clock);
    }

    public static ReidentifyLog toStandardOutput() {
        PrintStream out = System.out;
        return new ReidentifyLog(out::println, Clock.systemUTC());
    }

    void request(String apiRequestId, String requestId, String role, String organisation, String outcome, String reason, int asked, int returned,
                 int status) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", clock.instant().toString());
        line.put("level", status >= 500 ? "ERROR" : status >= 400 ? "WARN" : "INFO");
        line.put("event", "reidentify.request");
        line.put("api_request_id", apiRequestId);
        line.put("request_id", requestId);
        line.put("caller_role", role);
        line.put("organisation", organisation);
        line.put("outcome", outcome);
        line.put("reason", reason);
        line.put("count_asked", asked);
        line.put("count_returned", returned);
        line.put("status", status);
        try {
            lines.accept(JSON.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a log line could not be written as JSON", e);
        }
    }
}
