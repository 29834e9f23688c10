package org.icsmap.statemachine.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * One recorded execution: run {@code definition} on {@code input} and expect {@code expected}
 * ({@code {"status": "SUCCEEDED", "output": ...}} or {@code {"status": "FAILED", "error": ..., "cause": ...}}).
 *
 * @param taskResults state name to recorded service responses, or null when there are no Task states
 */
public record ConformanceCase(String id, String area, JsonNode definition, JsonNode input, JsonNode expected, JsonNode taskResults) {

    /** Reads one line of a cases file. */
    public static ConformanceCase fromJson(JsonNode line) {
        JsonNode id = line.get("id");
        if (id == null || !id.isTextual() || !line.has("definition") || !line.has("expected")) {
            throw new IllegalArgumentException("a case needs id, definition and expected");
        }
        return new ConformanceCase(id.asText(), line.path("area").asText(""), line.get("definition"),
                line.has("input") ? line.get("input") : NullNode.getInstance(), line.get("expected"),
                line.get("task_results"));
    }
}
