package io.expoleads.platform.outbox;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs every {@link OutboxRelay} of the service on one thread, so one aggregate's events leave in
 * order: at once when a change asks for it ({@link #wake()}), and on a regular sweep that picks up
 * whatever a crash left behind.
 */
public class OutboxRelays implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelays.class);

    private final List<OutboxRelay> relays;
    private final Duration sweepInterval;
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private volatile ScheduledExecutorService executor;

    public OutboxRelays(List<OutboxRelay> relays, Duration sweepInterval) {
        this.relays = List.copyOf(relays);
        this.sweepInterval = sweepInterval;
    }

    /** Asks for a relay pass soon; many calls before it runs make one pass. */
    public void wake() {
        ScheduledExecutorService running = executor;
        if (running != null && wakeQueued.compareAndSet(false, true)) {
            running.execute(() -> {
                wakeQueued.set(false);
                relayAll();
            });
        }
    }

    /** One pass over every relay, on the caller's thread; for tests and shutdown. */
    public synchronized int relayAll() {
        int published = 0;
        for (OutboxRelay relay : relays) {
            try {
                published += relay.relayPending();
            } catch (RuntimeException e) {
                log.warn("Outbox relay of {} stopped this pass: {}", relay.collection(), e.toString());
            }
        }
        return published;
    }

    @Override
    public void start() {
        ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "outbox-relay");
            thread.setDaemon(true);
            return thread;
        });
        started.scheduleWithFixedDelay(this::relayAll, 0, sweepInterval.toMillis(), TimeUnit.MILLISECONDS);
        executor = started;
    }

    @Override
    public void stop() {
        ScheduledExecutorService running = executor;
        executor = null;
        if (running != null) {
            running.shutdown();
            try {
                running.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // One last pass, so what the last requests wrote leaves now rather than at the next start.
            relayAll();
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }

    @Override
    public int getPhase() {
        // Stops before the Kafka producer and the Mongo client go away.
        return SmartLifecycle.DEFAULT_PHASE - 100;
    }
}
