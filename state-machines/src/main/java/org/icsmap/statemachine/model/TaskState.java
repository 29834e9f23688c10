package org.icsmap.statemachine.model;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Task: calls a resource through a {@link org.icsmap.statemachine.task.TaskHandler}.
 *
 * @param parameters Parameters (JSONPath) or Arguments (JSONata), null when absent
 * @param timeoutSeconds recorded for handlers; the interpreter does not time tasks out itself
 */
public record TaskState(
        StateCommon common,
        String resource,
        JsonNode parameters,
        JsonNode resultSelector,
        String resultPath,
        ErrorHandling errorHandling,
        Integer timeoutSeconds,
        Integer heartbeatSeconds) implements State {
}
