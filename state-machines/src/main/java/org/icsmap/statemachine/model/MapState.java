package org.icsmap.statemachine.model;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Inline Map: runs {@code processor} once per item; the result is the array of their outputs.
 *
 * @param itemsPath      JSONPath ItemsPath ({@code "$"} when absent)
 * @param items          JSONata Items (expression or array), or null
 * @param itemSelector   ItemSelector, or the legacy Parameters, or null
 * @param maxConcurrency accepted and validated; iterations always run one after another locally
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
