package org.icsmap.statemachine.model;

import java.util.Map;

/** A set of states with a start: the state machine itself, a Parallel branch or a Map processor. */
public record Branch(String startAt, Map<String, State> states) {

    public State state(String name) {
        return states.get(name);
    }
}
