package org.icsmap.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One entry of the execution history, numbered like AWS's (ExecutionStarted is #1, so the first
 * state is entered at #2).
 *
 * <p>Types follow AWS's event names ({@code PassStateEntered}, {@code TaskScheduled},
 * {@code TaskFailed}, {@code MapIterationStarted}, {@code ExecutionSucceeded}, ...). Two are local:
 * {@code RetryScheduled} (details: error, retry number, the delay AWS would wait) and
 * {@code WaitScheduled} (what a Wait state waits for, recorded before it goes to the execution's
 * {@link Sleeper}), since by default nothing sleeps here.
 *
 * @param stateName the state concerned, or null for execution-level events
 * @param details   event data (input, output, error, ...), never null
 */
public record HistoryEvent(long id, Instant timestamp, String type, String stateName, JsonNode details) {
}
