package org.icsmap.uploadurl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.icsmap.domain.upload.UploadGrant;

/**
 * The function's log: one JSON object per line. It holds the caller's role name (never the session name, which
 * often is a person's e-mail address), the organisation, feed, period, upload id, size, outcome and reason code;
 * never a URL (it is a bearer credential for 15 minutes) nor the file name.
 */
public final class UploadUrlLog {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Consumer<String> lines;
    private final Clock clock;

    public UploadUrlLog(Consumer<String> lines, Clock clock) {
        this.lines = Objects.requireNonNull(lines);
        this.clock = Objects.requireNonNull(clock);
    }

    public static UploadUrlLog toStandardOutput() {
        PrintStream out = System.out;
        return new UploadUrlLog(out::println, Clock.systemUTC());
    }

    void granted(String requestId, String role, String provider, UploadGrant grant, String feed, String period) {
        Map<String, Object> line = line("INFO", "upload_url.granted", requestId, role);
        line.put("provider", provider);
        line.put("feed", feed);
        line.put("period", period);
        line.put("upload_id", grant.uploadId());
        line.put("size_bytes", grant.sizeBytes());
        line.put("expires", grant.upload().expires().toString());
        write(line);
    }

    void refused(String requestId, String role, String provider, String reason, int status) {
        Map<String, Object> line = line("WARN", "upload_url.refused", requestId, role);
        line.put("provider", provider);
        line.put("reason", reason);
        line.put("status", status);
        write(line);
    }

    void failed(String requestId, String role, Exception e) {
        Map<String, Object> line = line("ERROR", "upload_url.failed", requestId, role);
        line.put("exception", e.getClass().getName());
        write(line);
    }

    private Map<String, Object> line(String level, String event, String requestId, String role) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", clock.instant().toString());
        line.put("level", level);
        line.put("event", event);
        line.put("request_id", requestId);
        line.put("caller_role", role);
        return line;
    }

    private void write(Map<String, Object> line) {
        try {
            lines.accept(JSON.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a log line could not be written as JSON", e);
        }
    }
}
