package org.icsmap.statemachine.task;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One attempt at a Task state. Its JSON values are copies the handler may keep or change.
 *
 * @param resource   the state's {@code Resource}, e.g. {@code arn:aws:states:::lambda:invoke},
 *                   {@code arn:aws:states:::athena:startQueryExecution.sync} or a Lambda ARN
 * @param parameters the effective parameters (after InputPath and Parameters, or JSONata Arguments)
 * @param stateName  the Task state's name
 * @param attempt    0 for the first attempt, then 1, 2, ... for each retry
 * @param context    the context object ({@code $$}) as the state sees it
 * @param timeoutSeconds the state's TimeoutSeconds, or null; handlers may report States.Timeout
 */
public record TaskRequest(
        String resource, JsonNode parameters, String stateName, int attempt, JsonNode context, Integer timeoutSeconds) {
}
