package io.expoleads.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock tests set to the instant they need (a purge date, a reminder's day) instead of waiting
 * for it; until set, and after {@link #reset()}, it follows the system's clock.
 */
public final class TestClock extends Clock {

    private final AtomicReference<Instant> fixed = new AtomicReference<>();

    public void set(Instant instant) {
        fixed.set(instant);
    }

    public void advance(Duration duration) {
        fixed.updateAndGet(current -> (current == null ? Instant.now() : current).plus(duration));
    }

    /** Back to the system's time. */
    public void reset() {
        fixed.set(null);
    }

    @Override
    public Instant instant() {
        Instant set = fixed.get();
        return set == null ? Instant.now() : set;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.fixed(instant(), zone);
    }
}
