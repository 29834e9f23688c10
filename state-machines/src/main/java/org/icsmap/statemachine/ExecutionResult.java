package org.icsmap.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;

/**
 * The outcome of an execution.
 *
 * @param output  the final output when SUCCEEDED, otherwise null
 * @param error   the error name when FAILED (null when AWS would report none)
 * @param cause   the cause when FAILED; for UNSUPPORTED, {@code unsupported: <feature>}
 * @param history every event, in order
 */
public record ExecutionResult(ExecutionStatus status, JsonNode output, String error, String cause, List<HistoryEvent> history) {

    public boolean succeeded() {
        return status == ExecutionStatus.SUCCEEDED;
    }

    /** The delays AWS would have waited before each retry, in the order they happened. */
    public List<Duration> retryDelays() {
        return history.stream()
                .filter(event -> event.type().equals("RetryScheduled"))
                .map(event -> Duration.ofMillis(event.details().get("delayMillis").asLong()))
                .toList();
    }

    /** The names of the states entered, in order (nested branches included). */
    public List<String> statesEntered() {
        return history.stream()
                .filter(event -> event.type().endsWith("StateEntered"))
                .map(HistoryEvent::stateName)
                .toList();
    }

    @Override
    public String toString() {
        return switch (status) {
            case SUCCEEDED -> "SUCCEEDED " + output;
            case FAILED -> "FAILED error=" + error + " cause=" + cause;
            case UNSUPPORTED -> "UNSUPPORTED " + cause;
        };
    }
}
