package org.icsmap.statemachine.model;

/** Succeed: ends the branch successfully with its (filtered) input. */
public record SucceedState(StateCommon common) implements State {
}
