package org.icsmap.sql.refresh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The reason inside a Step Functions error cause, in words: Athena's {@code .sync} integration gives the failed
 * query's execution (its {@code Status.StateChangeReason} is the reason; its {@code Query} is SQL we never repeat),
 * a Lambda function gives the runtime's error document ({@code errorMessage}); anything else is already words.
 */
final class FailureCauses {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FailureCauses() {
    }

    static String reason(String cause) {
        if (cause == null || cause.isBlank()) {
            return "no cause given";
        }
        JsonNode document;
        try {
            document = JSON.readTree(cause);
        } catch (java.io.IOException e) {
            return cause;
        }
        if (document == null || !document.isObject()) {
            return cause;
        }
        JsonNode status = document.path("QueryExecution").path("Status");
        if (!status.isMissingNode()) {
            String reason = status.path("StateChangeReason").asText("");
            String id = document.path("QueryExecution").path("QueryExecutionId").asText("");
            return "Athena query " + (id.isEmpty() ? "" : id + " ") + status.path("State").asText("FAILED").toLowerCase(java.util.Locale.ROOT)
                    + (reason.isEmpty() ? "" : ": " + reason);
        }
        if (document.hasNonNull("errorMessage")) {
            String type = document.path("errorType").asText("");
            String simple = type.substring(type.lastIndexOf('.') + 1);
            return document.get("errorMessage").asText() + (simple.isEmpty() ? "" : " (" + simple.substring(simple.lastIndexOf('$') + 1) + ")");
        }
        return cause;
    }
}
