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
import io.expoleads.platform.work.Leases;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs every {@link OutboxRelay} of the service on one thread, so one aggregate's events leave in
 * order: at once when a change asks for it ({@link #wake()}), and on a regular sweep that picks up
 * whatever a crash left behind. Wakes are this instance's own (its writes, relayed at once); the
 * regular sweep runs on one instance per interval across the service's instances (a lease in the
 * store), since any instance's sweep finds every instance's leftovers.
 */
public class OutboxRelays implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelays.class);
    private static final int DOCUMENTS_PER_PASS = 500;
    static final String SWEEP_LEASE = "outbox-sweep";

    private final List<OutboxRelay> relays;
    private final BackgroundWork work;
    private final Duration sweepInterval;
    /** Documents known to hold new events, by collection: relayed by id, without a sweep. */
    private final Map<String, Set<Object>> hinted = new ConcurrentHashMap<>();
    /** The first pass sweeps, whatever other instances did: a restarted instance relays what it left at once. */
    private final AtomicBoolean sweepAsked = new AtomicBoolean(true);
    private final Leases leases;
    private volatile long lastSweep = System.nanoTime();

    /** Relays whose regular sweep runs once per interval across the instances sharing {@code leases}' store. */
    public OutboxRelays(List<OutboxRelay> relays, Duration sweepInterval, Leases leases) {
        this.relays = List.copyOf(relays);
        this.sweepInterval = sweepInterval;
        this.leases = leases;
        this.work = new BackgroundWork("outbox-relay", sweepInterval, this::pass);
    }

    /** Relays of a process that is the service's only instance: every sweep runs here. */
    public OutboxRelays(List<OutboxRelay> relays, Duration sweepInterval) {
        this(relays, sweepInterval, null);
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
        if (sweepAsked.getAndSet(false)) {
            relayAll();
        } else if (System.nanoTime() - lastSweep >= sweepInterval.toNanos()) {
            lastSweep = System.nanoTime();
            if (leases == null) {
                relayAll();
            } else if (!leases.runOncePerPeriod(SWEEP_LEASE, sweepInterval, this::relayAll)) {
                log.debug("Outbox sweep skipped: another instance swept within {}", sweepInterval);
            }
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
