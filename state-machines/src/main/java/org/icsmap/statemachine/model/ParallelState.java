package org.icsmap.statemachine.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Parallel: runs every branch on the same input; the result is the array of their outputs. */
public record ParallelState(
        StateCommon common,
        List<Branch> branches,
        JsonNode parameters,
        JsonNode resultSelector,
        String resultPath,
        ErrorHandling errorHandling) implements State {
}
