package org.icsmap.statemachine.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Workflow variables (Assign). A Map iteration or Parallel branch gets a child scope: it reads the
 * variables outside it, but what it assigns stays inside, as in Step Functions.
 */
final class Scope {

    private final Scope parent;
    private final Map<String, JsonNode> variables = new LinkedHashMap<>();

    Scope(Scope parent) {
        this.parent = parent;
    }

    Scope child() {
        return new Scope(this);
    }

    Optional<JsonNode> lookup(String name) {
        for (Scope scope = this; scope != null; scope = scope.parent) {
            JsonNode value = scope.variables.get(name);
            if (value != null) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    /** All visible variables, inner ones hiding outer ones of the same name. */
    Map<String, JsonNode> visible() {
        Map<String, JsonNode> all = parent == null ? new LinkedHashMap<>() : parent.visible();
        all.putAll(variables);
        return all;
    }

    void assign(Map<String, JsonNode> values) {
        variables.putAll(values);
    }
}
