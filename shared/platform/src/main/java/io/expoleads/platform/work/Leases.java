package io.expoleads.platform.work;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;

/**
 * Named leases shared by every instance of a service, kept in its own MongoDB (ShedLock's Mongo
 * provider: one document per lease in {@code shedLock}, taken by one atomic find-and-modify with
 * upsert). They make periodic work run on one instance per period, and bound what all instances do
 * at once (a few slots per name). A lease whose holder died lapses after its longest hold.
 */
public final class Leases {

    /** Other instances skip a periodic job until this share of its period has passed since it ran. */
    private static final double PERIOD_SHARE = 0.9;
    private static final Duration MIN_HOLD = Duration.ofMinutes(1);

    private final LockProvider provider;

    public Leases(LockProvider provider) {
        this.provider = provider;
    }

    /**
     * Runs {@code work} here if no instance ran the job {@code name} within (nine tenths of) the last
     * {@code period}; else skips it. The lease is held while the work runs, at most
     * {@link #longestHold(Duration)} if this instance dies meanwhile, and kept after it for the rest
     * of the period, so the other instances' runs of this period are skipped.
     *
     * @return whether the work ran here
     */
    public boolean runOncePerPeriod(String name, Duration period, Runnable work) {
        Duration atLeast = Duration.ofMillis((long) (period.toMillis() * PERIOD_SHARE));
        Optional<SimpleLock> lease = provider.lock(new LockConfiguration(Instant.now(), name, longestHold(period), atLeast));
        if (lease.isEmpty()) {
            return false;
        }
        try {
            work.run();
            return true;
        } finally {
            lease.get().unlock();
        }
    }

    /**
     * Runs {@code work} here unless another instance is running the job {@code name} now (then
     * skips it); the lease is held only while the work runs, at most {@code atMost} if this
     * instance dies meanwhile.
     *
     * @return whether the work ran here
     */
    public boolean runAlone(String name, Duration atMost, Runnable work) {
        Optional<SimpleLock> lease = tryTake(name, atMost);
        if (lease.isEmpty()) {
            return false;
        }
        try {
            work.run();
            return true;
        } finally {
            lease.get().unlock();
        }
    }

    /**
     * Takes the lease {@code name} if it is free, for at most {@code atMost}; the caller unlocks it
     * when done. For a bounded number of holders at once, name slots {@code name#0..n-1}.
     */
    public Optional<SimpleLock> tryTake(String name, Duration atMost) {
        return provider.lock(new LockConfiguration(Instant.now(), name, atMost, Duration.ZERO));
    }

    /** How long a periodic job's lease outlives a holder that died: two periods, and at least a minute. */
    static Duration longestHold(Duration period) {
        Duration twice = period.multipliedBy(2);
        return twice.compareTo(MIN_HOLD) < 0 ? MIN_HOLD : twice;
    }
}
