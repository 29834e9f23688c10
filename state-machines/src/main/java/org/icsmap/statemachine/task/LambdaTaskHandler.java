package org.icsmap.statemachine.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.icsmap.statemachine.json.Json;

/**
 * Serves Lambda tasks from in-process functions, in both shapes Step Functions has:
 * <ul>
 *   <li>{@code arn:aws:states:::lambda:invoke}: the event is {@code Payload}, the function is
 *       {@code FunctionName}, and the raw result is the Invoke response
 *       {@code {"ExecutedVersion": "$LATEST", "Payload": ..., "StatusCode": 200}};</li>
 *   <li>a plain Lambda ARN as Resource: the event is the whole effective input and the raw result
 *       is what the function returned.</li>
 * </ul>
 * A function that throws fails the task the way a Java Lambda does: the error is the exception's
 * class name and the cause the runtime's JSON error document.
 */
public final class LambdaTaskHandler implements TaskHandler {

    public static final String INVOKE = "arn:aws:states:::lambda:invoke";

    /** An in-process Lambda function. */
    @FunctionalInterface
    public interface Function {

        JsonNode handle(JsonNode event) throws Exception;
    }

    private final Map<String, Function> functions;

    /** @param functionsByName functions by their Lambda name (not ARN) */
    public LambdaTaskHandler(Map<String, Function> functionsByName) {
        this.functions = Map.copyOf(functionsByName);
    }

    @Override
    public TaskOutcome invoke(TaskRequest request) {
        boolean integration = request.resource().equals(INVOKE);
        JsonNode parameters = request.parameters();
        String target = integration ? parameters.path("FunctionName").asText("") : request.resource();
        JsonNode event = integration ? parameters.path("Payload") : parameters;
        if (event.isMissingNode()) {
            event = NullNode.getInstance();
        }
        String name = functionName(target);
        Function function = functions.get(name);
        if (function == null) {
            return TaskOutcome.failure("Lambda.ResourceNotFoundException", "Function not found: " + target);
        }
        JsonNode result;
        try {
            result = function.handle(event);
        } catch (Exception e) {
            ObjectNode cause = Json.object()
                    .put("errorMessage", e.getMessage())
                    .put("errorType", e.getClass().getName());
            cause.putArray("stackTrace");
            return TaskOutcome.failure(e.getClass().getName(), Json.write(cause));
        }
        JsonNode payload = result == null ? NullNode.getInstance() : result;
        if (!integration) {
            return TaskOutcome.success(payload);
        }
        ObjectNode response = Json.object().put("ExecutedVersion", "$LATEST");
        response.set("Payload", payload);
        response.put("StatusCode", 200);
        return TaskOutcome.success(response);
    }

    /** The bare name from a name, {@code name:alias}, a partial ARN or a full function ARN. */
    static String functionName(String target) {
        String[] parts = target.split(":");
        int function = -1;
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].equals("function")) {
                function = i;
            }
        }
        if (function >= 0 && function + 1 < parts.length) {
            return parts[function + 1];
        }
        return parts[0];
    }
}
