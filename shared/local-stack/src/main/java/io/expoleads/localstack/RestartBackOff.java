package io.expoleads.localstack;

import java.time.Duration;

/**
 * How long the launcher waits before starting a crashed service again, as an orchestrator does:
 * 1 s, then doubling up to a cap, so a service that cannot start does not spin; back to 1 s once
 * a run has lasted long enough to count as stable.
 */
final class RestartBackOff {

    static final Duration FIRST = Duration.ofSeconds(1);
    static final Duration CAP = Duration.ofSeconds(30);
    static final Duration STABLE = Duration.ofSeconds(60);

    private Duration next = FIRST;
    private int restarts;

    /** The wait before the next start, given how long the run that just ended lasted. */
    synchronized Duration after(Duration ran) {
        if (ran.compareTo(STABLE) >= 0) {
            next = FIRST;
        }
        Duration wait = next;
        next = next.multipliedBy(2).compareTo(CAP) > 0 ? CAP : next.multipliedBy(2);
        restarts++;
        return wait;
    }

    /** Restarts so far, for the console. */
    synchronized int restarts() {
        return restarts;
    }
}
