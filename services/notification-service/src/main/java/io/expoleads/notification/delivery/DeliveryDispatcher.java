package io.expoleads.notification.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.expoleads.platform.tracing.TraceParent;
import io.expoleads.platform.work.BackgroundWork;
import io.expoleads.platform.work.Leases;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.context.Scope;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Makes the attempts. One loop looks for due deliveries (at once when a delivery is opened or a
 * worker frees up, else every {@code poll}) and hands them to a pool of workers, each of which claims
 * its delivery with a lease before the attempt; a failed attempt is put back in the queue with its
 * next due time, so nothing ever waits in a Kafka listener or holds a worker between attempts. Each
 * channel has a pool of its own (webhook calls {@code workers}, emails {@code emailWorkers}): every
 * email goes through the one SMTP server, which when it is down or hangs would otherwise hold every
 * worker (its exhibitors' lanes are many), and no webhook can hold the email workers either. At most {@code perDestination}
 * attempts to one destination run at once, over all instances of the service: each attempt holds
 * one of the destination's slots, leases in the store ({@link Leases}, {@code delivery-lane:<lane>#<n>}),
 * so a slow or dead endpoint holds that many workers in all, and every other destination's
 * deliveries go on with the rest. Every instance polls the queue: a due delivery is claimed by one of them.
 */
@Component
class DeliveryDispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeliveryDispatcher.class);
    /**
     * Attempts a worker makes in its lane after the one it was handed, on the slot it holds, while the
     * lane has due entries read: each saves taking a slot and freeing it (two store writes, as
     * many as the attempt's own claim and record) and a pass of the loop. Bounded, so that a busy lane's worker goes
     * back to the loop, which hands out the soonest due entry of any lane, and by a share of the lease
     * ({@link #KEPT_SHARE_OF_LEASE}), so that the slot's lease never runs out under it.
     */
    static final int KEPT_ATTEMPTS = 8;
    /** A worker goes on in its lane only while it has held the slot less than the lease divided by this. */
    static final int KEPT_SHARE_OF_LEASE = 4;

    private final DeliveryQueue queue;
    private final Deliveries deliveries;
    private final Map<Delivery.Channel, DeliveryChannel> channels = new EnumMap<>(Delivery.Channel.class);
    private final List<DeliveryFollowUp> followUps;
    private final DeliverySettings settings;
    private final RetryPolicy retries;
    private final BackgroundWork loop;
    /** Attempts under way per lane; a lane's counter stays once made (one per destination ever seen). */
    private final Map<String, AtomicInteger> busyLanes = new ConcurrentHashMap<>();
    /** Attempts under way per channel, each channel bounded by its own pool. */
    private final Map<Delivery.Channel, AtomicInteger> busy = new EnumMap<>(Delivery.Channel.class);
    /** Lanes whose slots other instances held at the last look, until when they are not asked for again. */
    private final Map<String, Instant> fullElsewhere = new ConcurrentHashMap<>();
    private final Leases leases;
    /** The entries handed to a worker here and not finished yet, so that no second worker gets one. */
    private final Set<String> handedOut = ConcurrentHashMap.newKeySet();
    /** The slot numbers of each lane this instance holds now. */
    private final Map<String, Set<Integer>> heldSlots = new ConcurrentHashMap<>();
    /**
     * Slots whose attempt ended while the store was away, so that freeing them failed, and when:
     * freed at the next pass the store answers, instead of holding their lane until the lease lapses.
     */
    private final Map<SimpleLock, Instant> unfreed = new ConcurrentHashMap<>();
    private final Clock clock;
    private volatile Map<Delivery.Channel, ExecutorService> workers;
    /** Per channel, the due entries the loop read last and has not handed out; the loop's own. */
    private final Map<Delivery.Channel, DueEntries> due = new EnumMap<>(Delivery.Channel.class);

    private final DeliveryMeters meters;
    private final Tracer tracer;

    DeliveryDispatcher(DeliveryQueue queue, Deliveries deliveries, List<DeliveryChannel> channels,
                       List<DeliveryFollowUp> followUps, DeliverySettings settings, Leases leases, DeliveryMeters meters, Clock clock,
                       ObjectProvider<Tracer> tracer) {
        this.clock = clock;
        this.meters = meters;
        this.tracer = tracer.getIfAvailable(() -> Tracer.NOOP);
        this.queue = queue;
        this.leases = leases;
        this.deliveries = deliveries;
        channels.forEach(channel -> this.channels.put(channel.channel(), channel));
        this.followUps = followUps;
        this.settings = settings;
        this.retries = settings.retryPolicy();
        for (Delivery.Channel channel : Delivery.Channel.values()) {
            busy.put(channel, new AtomicInteger());
            due.put(channel, new DueEntries());
        }
        this.loop = new BackgroundWork("delivery-dispatcher", settings.poll(), this::dispatchDue);
        deliveries.onDue(lanes -> {
            lanes.forEach(lane -> dueIn(lane).opened(lane));
            loop.wake();
        });
    }

    /** The due entries kept for the lane's channel. */
    private DueEntries dueIn(String lane) {
        return due.get(lane.startsWith(Deliveries.lanePrefix(Delivery.Channel.WEBHOOK)) ? Delivery.Channel.WEBHOOK : Delivery.Channel.EMAIL);
    }

    void wake() {
        loop.wake();
    }

    private void dispatchDue() {
        Map<Delivery.Channel, ExecutorService> pools = workers;
        if (pools == null) {
            return;
        }
        Instant now = clock.instant();
        fullElsewhere.values().removeIf(until -> !until.isAfter(now));
        freeUnfreed(now);
        for (Delivery.Channel channel : Delivery.Channel.values()) {
            dispatchDue(channel, pools.get(channel), now);
        }
    }

    /** Frees the slots the store could not free when their attempts ended; a lapsed one is left to lapse. */
    private void freeUnfreed(Instant now) {
        for (Map.Entry<SimpleLock, Instant> slot : unfreed.entrySet()) {
            if (!now.isBefore(slot.getValue().plus(settings.lease()))) {
                // Lapsed: another instance may hold that slot now, so it is not freed in its name.
                unfreed.remove(slot.getKey());
                continue;
            }
            try {
                slot.getKey().unlock();
                unfreed.remove(slot.getKey());
            } catch (RuntimeException storeStillAway) {
                return;
            }
        }
    }

    /**
     * Hands this channel's due deliveries to its pool, as many as it has free workers: from the entries
     * read before while they last, else read again (see {@link DueEntries}).
     */
    private void dispatchDue(Delivery.Channel channel, ExecutorService pool, Instant now) {
        AtomicInteger busyHere = busy.get(channel);
        int capacity = settings.workers(channel);
        if (busyHere.get() >= capacity) {
            return;
        }
        DueEntries entries = due.get(channel);
        boolean read = entries.stale(now, settings.poll());
        if (read) {
            read(channel, entries, now);
        }
        handOut(entries, pool, busyHere, capacity, channel);
        if (!read && busyHere.get() < capacity && entries.mayFindMore(this::full)) {
            // Workers free and nothing read that they may take: the queue may hold more for them.
            read(channel, entries, now);
            handOut(entries, pool, busyHere, capacity, channel);
        }
    }

    /** Whether the lane can take no more attempts now: every slot busy here, or held elsewhere. */
    private boolean full(String lane) {
        AtomicInteger busyLane = busyLanes.get(lane);
        return busyLane != null && busyLane.get() >= settings.perDestination() || fullElsewhere.containsKey(lane);
    }

    /**
     * Reads the channel's due entries, leaving out the lanes that cannot take more work now and those
     * of which enough were read already.
     */
    private void read(Delivery.Channel channel, DueEntries entries, Instant now) {
        int free = Math.max(1, settings.workers(channel) - busy.get(channel).get());
        String prefix = Deliveries.lanePrefix(channel);
        Set<String> leftOut = new HashSet<>(entries.wellStocked());
        fullElsewhere.keySet().stream().filter(lane -> lane.startsWith(prefix)).forEach(leftOut::add);
        // Before the query: a delivery opened from now on is news to the pass after this one.
        entries.reading();
        int limit = Math.max(free * 4, 32);
        entries.read(queue.due(now, limit, prefix, leftOut), limit, leftOut, now);
    }

    private void handOut(DueEntries entries, ExecutorService pool, AtomicInteger busyHere, int capacity, Delivery.Channel channel) {
        for (DeliveryQueue.Entry entry : entries.soonestFirst()) {
            if (busyHere.get() >= capacity) {
                return;
            }
            if (full(entry.lane())) {
                // Kept for when the lane has a free slot again.
                continue;
            }
            entries.taken(entry);
            if (!handedOut.add(entry.id())) {
                // A worker here has it already and has not claimed it yet: the query still finds it due.
                continue;
            }
            AtomicInteger lane = busyLanes.computeIfAbsent(entry.lane(), key -> new AtomicInteger());
            lane.incrementAndGet();
            busyHere.incrementAndGet();
            try {
                pool.execute(() -> claimThenAttempt(entry, lane, busyHere));
            } catch (RuntimeException rejected) {
                lane.decrementAndGet();
                busyHere.decrementAndGet();
                handedOut.remove(entry.id());
                return;
            }
        }
    }

    /**
     * On a worker: takes one of the lane's slots and claims the entry (two store writes, made by the
     * workers side by side rather than one after the other by the loop, which only reads the queue and
     * hands out), then makes the attempt, goes on with the lane's next due entries read while it may
     * ({@link #KEPT_ATTEMPTS}), each claimed as the first, and frees the slot. Without a slot (every one
     * held, here or elsewhere) the lane is left out of the queries until the next poll; a claim lost to
     * another instance, or an entry no longer due, is simply dropped here.
     */
    private void claimThenAttempt(DeliveryQueue.Entry entry, AtomicInteger lane, AtomicInteger busyHere) {
        Slot slot = null;
        String current = entry.id();
        try {
            slot = takeSlot(entry.lane());
            if (slot == null) {
                fullElsewhere.put(entry.lane(), clock.instant().plus(settings.poll()));
                return;
            }
            Instant held = clock.instant();
            Delivery claimed = claim(entry);
            if (claimed == null) {
                return;
            }
            attempt(claimed);
            // Then the lane's next due entries read, on the same slot (see KEPT_ATTEMPTS).
            Instant letGo = held.plus(settings.lease().dividedBy(KEPT_SHARE_OF_LEASE));
            for (int kept = 0; kept < KEPT_ATTEMPTS && workers != null && clock.instant().isBefore(letGo); kept++) {
                DeliveryQueue.Entry next = dueIn(entry.lane()).takeNext(entry.lane());
                if (next == null || !handedOut.add(next.id())) {
                    return;
                }
                handedOut.remove(current);
                current = next.id();
                Delivery claimedNext = claim(next);
                if (claimedNext == null) {
                    return;
                }
                attempt(claimedNext);
            }
        } catch (RuntimeException e) {
            // The store failed: a claimed entry's lease runs out and the attempt is made again.
            log.warn("Delivery {} could not be attempted; it is tried again in {} at the latest: {}", current, settings.lease(),
                    e.toString());
        } finally {
            if (slot != null) {
                free(slot, entry.lane());
            }
            handedOut.remove(current);
            lane.decrementAndGet();
            busyHere.decrementAndGet();
            loop.wake();
        }
    }

    /** Claims the entry and reads its delivery; null when another instance was first, or it is no longer due. */
    private Delivery claim(DeliveryQueue.Entry entry) {
        Delivery claimed = queue.claim(entry.id(), clock.instant(), settings.lease());
        if (claimed == null) {
            // What is kept of its lane is stale too.
            dueIn(entry.lane()).lost(entry.lane());
        }
        return claimed;
    }

    private void free(Slot slot, String lane) {
        try {
            slot.free();
        } catch (RuntimeException e) {
            // The store failed: freed again at the next pass it answers, or it lapses with the lease.
            unfreed.put(slot.lease(), clock.instant());
            log.warn("Delivery slot of {} not freed; freed when the store answers again, lapsing in {} at the latest: {}",
                    lane, settings.lease(), e.toString());
        }
    }

    /**
     * One of the lane's {@code perDestination} slots, held until the attempt ends (at most the
     * delivery's lease, if this instance dies); null when every slot is held, here or elsewhere.
     * The slots this instance holds are not asked for: one store round trip when a slot is free.
     */
    private Slot takeSlot(String lane) {
        Set<Integer> mine = heldSlots.computeIfAbsent(lane, key -> ConcurrentHashMap.newKeySet());
        int first = ThreadLocalRandom.current().nextInt(settings.perDestination());
        for (int i = 0; i < settings.perDestination(); i++) {
            int slot = (first + i) % settings.perDestination();
            if (!mine.add(slot)) {
                continue;
            }
            Optional<SimpleLock> taken;
            try {
                taken = leases.tryTake("delivery-lane:" + lane + "#" + slot, settings.lease());
            } catch (RuntimeException e) {
                mine.remove(slot);
                throw e;
            }
            if (taken.isPresent()) {
                return new Slot(taken.get(), mine, slot);
            }
            mine.remove(slot);
        }
        return null;
    }

    /** A lane's slot held by this instance. */
    private record Slot(SimpleLock lease, Set<Integer> held, int number) {

        void free() {
            try {
                lease.unlock();
            } finally {
                held.remove(number);
            }
        }
    }

    /** Attempts the claimed delivery and records the attempt, which also schedules its retry or takes it out of the queue. */
    private void attempt(Delivery delivery) {
        String id = delivery.id();
        DeliveryChannel channel = channels.get(delivery.channel());
        Instant at = clock.instant();
        AttemptResult result = attempt(channel, delivery);
        Instant now = clock.instant();
        Instant next = null;
        if (result.outcome() == AttemptResult.Outcome.FAILED) {
            Instant roundStart = delivery.roundStartedAt() == null ? at : delivery.roundStartedAt();
            next = retries.next(delivery.roundAttempts() + 1, roundStart, at, now, result.retryAfter(),
                    () -> ThreadLocalRandom.current().nextDouble());
        }
        Delivery recorded = deliveries.record(delivery, result, at, next).orElse(null);
        meters.attempted(delivery, result);
        if (recorded == null) {
            return;
        }
        if (next == null) {
            meters.ended(recorded);
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

    /**
     * The attempt as a span of the trace that opened the delivery (a scan's, for a lead's alert),
     * stored with it since the attempt runs later on a worker, perhaps on another instance; the
     * email's or webhook call's own span is its child.
     */
    private AttemptResult attempt(DeliveryChannel channel, Delivery delivery) {
        try (Scope stored = TraceParent.resume(delivery.traceparent());
             MDC.MDCCloseable exhibitor = MDC.putCloseable("exhibitorId", String.valueOf(delivery.exhibitorId()));
             MDC.MDCCloseable deliveryId = MDC.putCloseable("deliveryId", delivery.id())) {
            Span span = tracer.nextSpan().name("delivery attempt")
                    .tag("expo.delivery.channel", delivery.channel().name().toLowerCase(java.util.Locale.ROOT))
                    .tag("expo.delivery.kind", delivery.kind().name().toLowerCase(java.util.Locale.ROOT))
                    .tag("expo.delivery.id", delivery.id())
                    .tag("exhibitorId", String.valueOf(delivery.exhibitorId()))
                    .tag("expo.delivery.attempt", Integer.toString(delivery.attempts() + 1))
                    .start();
            try (Tracer.SpanInScope ignored = tracer.withSpan(span)) {
                AttemptResult result = channel.attempt(delivery);
                span.tag("expo.delivery.outcome", result.outcome().name().toLowerCase(java.util.Locale.ROOT));
                return result;
            } catch (RuntimeException failed) {
                span.error(failed);
                throw failed;
            } finally {
                span.end();
            }
        }
    }

    @Override
    public synchronized void start() {
        if (workers != null) {
            return;
        }
        Map<Delivery.Channel, ExecutorService> pools = new EnumMap<>(Delivery.Channel.class);
        for (Delivery.Channel channel : Delivery.Channel.values()) {
            AtomicInteger counter = new AtomicInteger();
            String name = "delivery-" + channel.name().toLowerCase(java.util.Locale.ROOT) + "-";
            pools.put(channel, Executors.newFixedThreadPool(settings.workers(channel), runnable -> {
                Thread thread = new Thread(runnable, name + counter.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            }));
        }
        workers = pools;
        loop.start();
    }

    @Override
    public synchronized void stop() {
        loop.stop();
        Map<Delivery.Channel, ExecutorService> pools = workers;
        workers = null;
        if (pools != null) {
            pools.values().forEach(ExecutorService::shutdown);
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            try {
                // Attempts under way end within their timeout; unfinished ones are leased and go again.
                for (ExecutorService pool : pools.values()) {
                    pool.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                }
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
