package io.expoleads.platform.outbox;

import java.time.Duration;
import java.util.List;

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

    private final List<OutboxRelay> relays;
    private final BackgroundWork work;

    public OutboxRelays(List<OutboxRelay> relays, Duration sweepInterval) {
        this.relays = List.copyOf(relays);
        this.work = new BackgroundWork("outbox-relay", sweepInterval, this::relayAll);
    }

    /** Asks for a relay pass soon; many calls before it runs make one pass. */
    public void wake() {
        work.wake();
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
