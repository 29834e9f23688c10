package org.icsmap.statemachine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that stands still until an execution sleeps on it: time passes only as its Wait states wait. */
final class VirtualClock extends Clock implements Sleeper {

    private Instant now;

    VirtualClock(Instant start) {
        this.now = start;
    }

    @Override
    public synchronized void sleep(Duration duration) {
        now = now.plus(duration);
    }

    @Override
    public synchronized Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the interpreter keeps UTC");
    }
}
