package org.icsmap.statemachine.model;

import com.fasterxml.jackson.databind.JsonNode;

/** A top-level Choice rule: a condition, where it leads, and what it assigns or outputs. */
public record ChoiceRule(Condition condition, String next, JsonNode assign, JsonNode output) {
}
