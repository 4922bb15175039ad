package io.expoleads.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock tests move instead of waiting: {@link #set} stops it at the instant they need (a purge
 * date, a reminder's day), {@link #moveForward} puts it ahead of the system's clock while it keeps
 * ticking (a link that expires). Until then, and after {@link #reset()}, it is the system's clock.
 * Registered as the application's {@link Clock} bean by the services' test configurations.
 */
public final class TestClock extends Clock {

    private volatile Instant fixed;
    private volatile Duration ahead = Duration.ZERO;

    /** Stops the clock at {@code instant}. */
    public void set(Instant instant) {
        fixed = instant;
    }

    /** Moves the clock forward by {@code by}: a stopped clock stays stopped, a running one keeps running ahead. */
    public synchronized void moveForward(Duration by) {
        if (fixed != null) {
            fixed = fixed.plus(by);
        } else {
            ahead = ahead.plus(by);
        }
    }

    /** Back to the system's time. */
    public synchronized void reset() {
        fixed = null;
        ahead = Duration.ZERO;
    }

    @Override
    public Instant instant() {
        Instant stopped = fixed;
        return stopped != null ? stopped : Instant.now().plus(ahead);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
