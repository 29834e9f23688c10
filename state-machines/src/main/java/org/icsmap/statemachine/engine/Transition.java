package org.icsmap.statemachine.engine;

import com.fasterxml.jackson.databind.JsonNode;

/** Where a state leads (null when the branch ends here) and the output it hands on. */
record Transition(String next, JsonNode output) {
}
