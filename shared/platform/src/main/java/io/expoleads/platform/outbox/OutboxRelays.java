package io.expoleads.platform.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import io.expoleads.platform.work.BackgroundWork;
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
    private static final int DOCUMENTS_PER_PASS = 500;

    private final List<OutboxRelay> relays;
    private final BackgroundWork work;
    private final Duration sweepInterval;
    /** Documents known to hold new events, by collection: relayed by id, without a sweep. */
    private final Map<String, Set<Object>> hinted = new ConcurrentHashMap<>();
    private final AtomicBoolean sweepAsked = new AtomicBoolean();
    private volatile long lastSweep = System.nanoTime();

    public OutboxRelays(List<OutboxRelay> relays, Duration sweepInterval) {
        this.relays = List.copyOf(relays);
        this.sweepInterval = sweepInterval;
        this.work = new BackgroundWork("outbox-relay", sweepInterval, this::pass);
    }

    /** Asks for a pass over every collection soon; many calls before it runs make one pass. */
    public void wake() {
        sweepAsked.set(true);
        work.wake();
    }

    /**
     * Asks for these documents' new events to be relayed soon, by id: cheaper than a sweep, which
     * still runs on its interval for whatever a crash left behind.
     */
    public void wake(String collection, Collection<?> ids) {
        if (!ids.isEmpty()) {
            hinted.computeIfAbsent(collection, name -> ConcurrentHashMap.newKeySet()).addAll(ids);
            work.wake();
        }
    }

    private synchronized void pass() {
        for (OutboxRelay relay : relays) {
            Set<Object> ids = hinted.get(relay.collection());
            if (ids == null || ids.isEmpty()) {
                continue;
            }
            List<Object> taken = new ArrayList<>(ids);
            ids.removeAll(taken);
            try {
                for (int from = 0; from < taken.size(); from += DOCUMENTS_PER_PASS) {
                    relay.relayDocuments(taken.subList(from, Math.min(from + DOCUMENTS_PER_PASS, taken.size())));
                }
            } catch (RuntimeException e) {
                log.warn("Outbox relay of {} stopped this pass: {}", relay.collection(), e.toString());
                sweepAsked.set(true);
            }
        }
        if (sweepAsked.getAndSet(false) || System.nanoTime() - lastSweep >= sweepInterval.toNanos()) {
            relayAll();
        }
    }

    /** One pass over every relay, on the caller's thread; for tests and shutdown. */
    public synchronized int relayAll() {
        lastSweep = System.nanoTime();
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
        work.start();
    }

    @Override
    public void stop() {
        if (work.isRunning()) {
            work.stop();
            // One last pass, so what the last requests wrote leaves now rather than at the next start.
            relayAll();
        }
    }

    @Override
    public boolean isRunning() {
        return work.isRunning();
    }

    @Override
    public int getPhase() {
        // Stops before the Kafka producer and the Mongo client go away.
        return SmartLifecycle.DEFAULT_PHASE - 100;
    }
}
