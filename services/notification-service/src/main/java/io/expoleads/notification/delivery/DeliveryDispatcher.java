package io.expoleads.notification.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.expoleads.platform.work.BackgroundWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Makes the attempts. One loop looks for due deliveries (at once when a delivery is opened or a
 * worker frees up, else every {@code poll}), claims each with a lease and hands it to a pool of
 * workers; a failed attempt is put back in the queue with its next due time, so nothing ever waits
 * in a Kafka listener or holds a worker between attempts. At most {@code perDestination} attempts to
 * one destination run at once: a slow or dead endpoint holds that many workers, and every other
 * destination's deliveries go on with the rest.
 */
@Component
class DeliveryDispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeliveryDispatcher.class);

    private final DeliveryQueue queue;
    private final Deliveries deliveries;
    private final Map<Delivery.Channel, DeliveryChannel> channels = new EnumMap<>(Delivery.Channel.class);
    private final List<DeliveryFollowUp> followUps;
    private final DeliverySettings settings;
    private final RetryPolicy retries;
    private final BackgroundWork loop;
    /** Attempts under way per lane; a lane's counter stays once made (one per destination ever seen). */
    private final Map<String, AtomicInteger> busyLanes = new ConcurrentHashMap<>();
    private final AtomicInteger busy = new AtomicInteger();
    private final Clock clock = Clock.systemUTC();
    private volatile ExecutorService workers;

    DeliveryDispatcher(DeliveryQueue queue, Deliveries deliveries, List<DeliveryChannel> channels,
                       List<DeliveryFollowUp> followUps, DeliverySettings settings) {
        this.queue = queue;
        this.deliveries = deliveries;
        channels.forEach(channel -> this.channels.put(channel.channel(), channel));
        this.followUps = followUps;
        this.settings = settings;
        this.retries = settings.retryPolicy();
        this.loop = new BackgroundWork("delivery-dispatcher", settings.poll(), this::dispatchDue);
        deliveries.onDue(loop::wake);
    }

    void wake() {
        loop.wake();
    }

    private void dispatchDue() {
        ExecutorService pool = workers;
        if (pool == null) {
            return;
        }
        Instant now = clock.instant();
        int free = settings.workers() - busy.get();
        if (free <= 0) {
            return;
        }
        List<String> fullLanes = busyLanes.entrySet().stream()
                .filter(lane -> lane.getValue().get() >= settings.perDestination()).map(Map.Entry::getKey).toList();
        for (DeliveryQueue.Entry entry : queue.due(now, Math.max(free * 4, 32), fullLanes)) {
            if (busy.get() >= settings.workers()) {
                return;
            }
            AtomicInteger lane = busyLanes.computeIfAbsent(entry.lane(), key -> new AtomicInteger());
            if (lane.get() >= settings.perDestination() || queue.claim(entry.id(), now, settings.lease()) == null) {
                continue;
            }
            lane.incrementAndGet();
            busy.incrementAndGet();
            try {
                pool.execute(() -> attemptThenFree(entry, lane));
            } catch (RuntimeException rejected) {
                lane.decrementAndGet();
                busy.decrementAndGet();
                return;
            }
        }
    }

    private void attemptThenFree(DeliveryQueue.Entry entry, AtomicInteger lane) {
        try {
            attempt(entry.id());
        } catch (RuntimeException e) {
            // The store failed: the lease runs out and the attempt is made again.
            log.warn("Delivery {} could not be attempted; it is tried again in {}: {}", entry.id(), settings.lease(), e.toString());
        } finally {
            lane.decrementAndGet();
            busy.decrementAndGet();
            loop.wake();
        }
    }

    private void attempt(String id) {
        Delivery delivery = deliveries.find(id).orElse(null);
        if (delivery == null || delivery.status().isFinal()) {
            queue.remove(id);
            return;
        }
        DeliveryChannel channel = channels.get(delivery.channel());
        Instant at = clock.instant();
        AttemptResult result = channel.attempt(delivery);
        Instant now = clock.instant();
        Instant next = null;
        if (result.outcome() == AttemptResult.Outcome.FAILED) {
            Instant roundStart = delivery.roundStartedAt() == null ? at : delivery.roundStartedAt();
            next = retries.next(delivery.roundAttempts() + 1, roundStart, now, result.retryAfter(),
                    () -> ThreadLocalRandom.current().nextDouble());
        }
        Delivery recorded = deliveries.record(delivery, result, at, next).orElse(null);
        if (recorded == null) {
            return;
        }
        if (next != null) {
            queue.release(id, next);
        } else {
            queue.remove(id);
            for (DeliveryFollowUp followUp : followUps) {
                followUp.finished(recorded, result);
            }
        }
        if (result.outcome() != AttemptResult.Outcome.SUCCEEDED) {
            // Not what the receiver answered: it may echo the lead, and personal data stays out of logs.
            log.info("Delivery {} ({} {} to {}) attempt {}: {} {}", id, delivery.kind(), delivery.channel(), delivery.destination(),
                    recorded.attempts(), recorded.status(), ReceiverEchoes.withoutEcho(result.error()));
        }
    }

    @Override
    public synchronized void start() {
        if (workers != null) {
            return;
        }
        AtomicInteger counter = new AtomicInteger();
        workers = Executors.newFixedThreadPool(settings.workers(), runnable -> {
            Thread thread = new Thread(runnable, "delivery-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        loop.start();
    }

    @Override
    public synchronized void stop() {
        loop.stop();
        ExecutorService pool = workers;
        workers = null;
        if (pool != null) {
            pool.shutdown();
            try {
                // Attempts under way end within their timeout; unfinished ones are leased and go again.
                pool.awaitTermination(Duration.ofSeconds(15).toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return workers != null;
    }
}
