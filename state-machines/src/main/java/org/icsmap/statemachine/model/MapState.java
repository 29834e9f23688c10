package org.icsmap.statemachine.model;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Inline Map: runs {@code processor} once per item; the result is the array of their outputs.
 *
 * @param itemsPath      JSONPath ItemsPath ({@code "$"} when absent)
 * @param items          JSONata Items (expression or array), or null
 * @param itemSelector   ItemSelector, or the legacy Parameters, or null
 * @param maxConcurrency bounds the iterations run at a time; locally they run one after another unless the execution's
 *                       {@code ExecutionOptions.mapConcurrency} allows more
 */
public record MapState(
        StateCommon common,
        Branch processor,
        String itemsPath,
        JsonNode items,
        JsonNode itemSelector,
        Integer maxConcurrency,
        JsonNode resultSelector,
        String resultPath,
        ErrorHandling errorHandling) implements State {
}
