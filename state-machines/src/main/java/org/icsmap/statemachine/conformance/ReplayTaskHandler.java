package org.icsmap.statemachine.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.icsmap.statemachine.json.JsonValues;
import org.icsmap.statemachine.task.TaskHandler;
import org.icsmap.statemachine.task.TaskOutcome;
import org.icsmap.statemachine.task.TaskRequest;

/**
 * Hands Task states the service responses AWS recorded ({@code task_results} of a case) instead of
 * calling anything. When a state runs several times (retries, Map iterations) the response whose
 * recorded {@code parameters} equal the request's is taken, otherwise the next one in order.
 */
public final class ReplayTaskHandler implements TaskHandler {

    /** The error reported when a state asks for more responses than were recorded. */
    public static final String EXHAUSTED = "Replay.NoRecordedResult";

    private final Map<String, List<JsonNode>> remaining = new HashMap<>();

    /** @param taskResults state name to list of recorded responses; null for none */
    public ReplayTaskHandler(JsonNode taskResults) {
        if (taskResults != null) {
            for (Map.Entry<String, JsonNode> state : taskResults.properties()) {
                List<JsonNode> responses = new ArrayList<>();
                state.getValue().forEach(responses::add);
                remaining.put(state.getKey(), responses);
            }
        }
    }

    @Override
    public TaskOutcome invoke(TaskRequest request) {
        List<JsonNode> responses = remaining.getOrDefault(request.stateName(), List.of());
        if (responses.isEmpty()) {
            return TaskOutcome.failure(EXHAUSTED, "no recorded result left for state '" + request.stateName() + "'");
        }
        JsonNode chosen = responses.getFirst();
        for (Iterator<JsonNode> it = responses.iterator(); it.hasNext(); ) {
            JsonNode response = it.next();
            if (response.has("parameters") && JsonValues.sameValue(response.get("parameters"), request.parameters())) {
                chosen = response;
                break;
            }
        }
        responses.remove(chosen);
        if ("SUCCEEDED".equals(chosen.path("status").asText())) {
            return TaskOutcome.success(chosen.get("output"));
        }
        String error = textOrNull(chosen.get("error"));
        return TaskOutcome.failure(error == null ? "States.TaskFailed" : error, textOrNull(chosen.get("cause")));
    }

    private static String textOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
