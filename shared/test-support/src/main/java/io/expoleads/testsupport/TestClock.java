package io.expoleads.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * A clock tests move instead of waiting: {@link #set} stops it at the instant they need (a purge
 * date, a reminder's day), {@link #moveForward} puts it ahead of the system's clock while it keeps
 * ticking (a link that expires), {@link #interruptNextRead} runs a test's action at a service's next
 * read of it. Until then, and after {@link #reset()}, it is the system's clock.
 * Registered as the application's {@link Clock} bean by the services' test configurations.
 */
public final class TestClock extends Clock {

    private volatile Instant fixed;
    private volatile Duration ahead = Duration.ZERO;
    private final AtomicReference<Interruption> interruption = new AtomicReference<>();

    private record Interruption(Predicate<Thread> reader, Runnable action) {
    }

    /**
     * Runs {@code action} once, on the next read of the clock by a thread {@code reader} accepts,
     * before that read answers: a test's way to make something happen at an exact point of a
     * service's work (say, between a listener's read of a record and its write), where waiting could
     * only hope to hit it.
     */
    public void interruptNextRead(Predicate<Thread> reader, Runnable action) {
        interruption.set(new Interruption(reader, action));
    }

    /**
     * Whether the current thread is inside {@code type}'s code: for a reader that reads the clock
     * more than once, to interrupt the read made by one of its parts.
     */
    public static boolean calledFrom(Class<?> type) {
        return StackWalker.getInstance().walk(frames -> frames.anyMatch(frame -> frame.getClassName().equals(type.getName())));
    }

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
        interruption.set(null);
        fixed = null;
        ahead = Duration.ZERO;
    }

    @Override
    public Instant instant() {
        Interruption pending = interruption.get();
        if (pending != null && pending.reader().test(Thread.currentThread()) && interruption.compareAndSet(pending, null)) {
            pending.action().run();
        }
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
