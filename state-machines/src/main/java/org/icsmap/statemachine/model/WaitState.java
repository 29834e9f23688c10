package org.icsmap.statemachine.model;

import com.fasterxml.jackson.databind.JsonNode;

/** Wait: for a number of seconds or until a timestamp (on the execution's Sleeper, which locally goes straight on). */
public record WaitState(StateCommon common, Kind kind, JsonNode value) implements State {

    /** Which of the four mutually exclusive fields was given; {@code value} is its raw value. */
    public enum Kind { SECONDS, SECONDS_PATH, TIMESTAMP, TIMESTAMP_PATH }
}
