package io.expoleads.platform.work;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pass of work run on one daemon thread of its own: on a fixed sweep, and soon after
 * {@link #wake()}, many wakes before it runs making one pass. Passes never overlap, and a failing
 * pass is logged and tried again at the next sweep.
 */
public final class BackgroundWork {

    private static final Logger log = LoggerFactory.getLogger(BackgroundWork.class);

    private final String name;
    private final Duration sweepInterval;
    private final Runnable pass;
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private volatile ScheduledExecutorService executor;

    public BackgroundWork(String name, Duration sweepInterval, Runnable pass) {
        this.name = name;
        this.sweepInterval = sweepInterval;
        this.pass = pass;
    }

    public void wake() {
        ScheduledExecutorService running = executor;
        if (running != null && wakeQueued.compareAndSet(false, true)) {
            running.execute(() -> {
                wakeQueued.set(false);
                runPass();
            });
        }
    }

    public synchronized void start() {
        if (executor != null) {
            return;
        }
        ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
        started.scheduleWithFixedDelay(this::runPass, 0, sweepInterval.toMillis(), TimeUnit.MILLISECONDS);
        executor = started;
    }

    /** Stops the sweeps and waits, up to ten seconds, for a pass under way. */
    public synchronized void stop() {
        ScheduledExecutorService running = executor;
        executor = null;
        if (running != null) {
            running.shutdown();
            try {
                running.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public boolean isRunning() {
        return executor != null;
    }

    private void runPass() {
        try {
            pass.run();
        } catch (RuntimeException e) {
            log.warn("{} pass failed; the next sweep tries again: {}", name, e.toString());
        }
    }
}
