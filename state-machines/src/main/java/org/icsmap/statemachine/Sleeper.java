package org.icsmap.statemachine;

import java.time.Duration;

/**
 * How an execution spends the time a Wait state asks for. Locally nothing sleeps ({@link #NONE}): a refresh on a laptop
 * should not idle for the hour a deployed state machine might wait, so the wait is only recorded in the history
 * ({@code WaitScheduled}). A test that wants to see the time pass hands in one that moves its own clock instead.
 */
@FunctionalInterface
public interface Sleeper {

    /** Goes straight on. */
    Sleeper NONE = duration -> { };

    /** Called once per Wait state with what it waits for (zero for a timestamp already past, as on AWS). */
    void sleep(Duration duration);
}
