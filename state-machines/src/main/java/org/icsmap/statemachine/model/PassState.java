package org.icsmap.statemachine.model;

import com.fasterxml.jackson.databind.JsonNode;

/** Pass: hands on its input, a fixed {@code Result}, or a {@code Parameters} template. */
public record PassState(StateCommon common, JsonNode parameters, JsonNode result, String resultPath)
        implements State {
}
