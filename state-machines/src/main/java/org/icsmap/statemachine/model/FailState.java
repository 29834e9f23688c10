package org.icsmap.statemachine.model;

/** Fail: ends the execution with an error and cause, literal or taken from the input. */
public record FailState(StateCommon common, String error, String errorPath, String cause, String causePath)
        implements State {
}
