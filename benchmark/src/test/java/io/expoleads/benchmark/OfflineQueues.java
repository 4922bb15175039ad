package io.expoleads.benchmark;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The phones back online during the load, as the scanner app behaves (its uploader): a queue not
 * taken (refused, or no answer within the app's 60 s) is sent again 15 s later until it is taken,
 * during the rates and after them, up to {@code expo.catch-up-minutes} after the last rate (the
 * exports wait for them). Per phase of the load (the rate running when the phone came back): how
 * many queues arrived, how many were taken at the first send, after resends during the rates and
 * after the rates, the phones' catch-up time (first send to the queue taken), how many were still
 * on their phone when the benchmark stopped waiting, and who refused the sends: lead-service's bound
 * on the offline queues it takes at once, or the web tier's bound on the calls it lets through to
 * one instance (both 503 {@code SERVICE_BUSY}, told apart by their problem's detail).
 */
final class OfflineQueues {

    /** The scanner app's uploader: every 15 s while a queue waits (uploader.js RETRY_EVERY_MS). */
    static final int RESEND_SECONDS = 15;
    /** How long the scanner app waits for a queue's answer before it counts it not sent (uploader.js). */
    static final int ANSWER_SECONDS = 60;

    private static final class Phase {
        final AtomicLong arrived = new AtomicLong();
        final AtomicLong atFirstSend = new AtomicLong();
        final AtomicLong duringRates = new AtomicLong();
        final AtomicLong afterRates = new AtomicLong();
        final AtomicLong stillWaiting = new AtomicLong();
        final Histogram catchUp = new ConcurrentHistogram(3);
        final Map<String, AtomicLong> notTaken = new ConcurrentHashMap<>();
    }

    private final Map<String, Phase> phases = new ConcurrentHashMap<>();
    private final Map<String, Long> order = new ConcurrentHashMap<>();
    private final AtomicLong next = new AtomicLong();
    private final AtomicLong onPhones = new AtomicLong();
    private final long catchUpNanos;
    private volatile long ratesEnded;
    private volatile long lastTaken;

    OfflineQueues(int catchUpMinutes) {
        this.catchUpNanos = TimeUnit.MINUTES.toNanos(catchUpMinutes);
    }

    void arrived(String phase) {
        phase(phase).arrived.incrementAndGet();
        onPhones.incrementAndGet();
    }

    /** The last rate is over: from now on the phones have {@code expo.catch-up-minutes} to be taken. */
    void ratesEnded() {
        ratesEnded = System.nanoTime();
    }

    /** Whether phones still hold queues and the benchmark still waits for them. */
    boolean catchingUp() {
        return onPhones.get() > 0 && !pastCatchUp();
    }

    /** Whether a phone should stop sending its queue: the rates ended longer ago than the catch-up time. */
    boolean pastCatchUp() {
        long ended = ratesEnded;
        return ended != 0 && System.nanoTime() - ended >= catchUpNanos;
    }

    /**
     * One send not taken: its status (0 when no answer came in time) and its problem's reason and
     * detail (null when it had none).
     */
    void notTaken(String phase, int status, String reason, String detail) {
        phase(phase).notTaken.computeIfAbsent(cause(status, reason, detail), c -> new AtomicLong()).incrementAndGet();
    }

    /** The queue was taken at its {@code sends}-th send, {@code catchUpMillis} after its first. */
    void taken(String phase, int sends, long catchUpMillis) {
        Phase figures = phase(phase);
        (sends == 1 ? figures.atFirstSend : ratesEnded == 0 ? figures.duringRates : figures.afterRates).incrementAndGet();
        figures.catchUp.recordValue(Math.max(0, catchUpMillis));
        lastTaken = System.nanoTime();
        onPhones.decrementAndGet();
    }

    /** The benchmark stopped waiting with the queue still on the phone. */
    void stillWaiting(String phase) {
        phase(phase).stillWaiting.incrementAndGet();
        onPhones.decrementAndGet();
    }

    static String cause(int status, String reason, String detail) {
        if (status == 0) {
            return "no answer in " + ANSWER_SECONDS + " s";
        }
        if (status == 503 && "SERVICE_BUSY".equals(reason)) {
            // lead-service's OfflineQueueGate says how many offline queues it takes; the web tier's InstanceCallLimits does not.
            return detail != null && detail.contains("offline queues") ? "503 lead-service's queues at once" : "503 web tier's calls per instance";
        }
        return status + (reason == null ? "" : " " + reason);
    }

    /** The section of the run's figures: one line per phase, in the order the phases came, and the catch-up after the rates. */
    String text() {
        if (phases.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder(String.format("Offline queues during the load (a queue refused or unanswered in %d s is sent "
                + "again %d s later, as the scanner app does, until taken; catch-up = its first send to taken):%n",
                ANSWER_SECONDS, RESEND_SECONDS));
        Map<String, Phase> inOrder = new LinkedHashMap<>();
        order.entrySet().stream().sorted(Map.Entry.comparingByValue()).forEach(entry -> inOrder.put(entry.getKey(), phases.get(entry.getKey())));
        long stillWaiting = 0;
        for (Map.Entry<String, Phase> entry : inOrder.entrySet()) {
            Phase phase = entry.getValue();
            stillWaiting += phase.stillWaiting.get();
            Histogram catchUp = phase.catchUp.copy();
            out.append(String.format("  came back during %s: %d; taken at the first send %d, after resends during the rates %d, after the "
                    + "rates %d, never %d; catch-up %s", entry.getKey(), phase.arrived.get(), phase.atFirstSend.get(), phase.duringRates.get(),
                    phase.afterRates.get(), phase.stillWaiting.get(), catchUp.getTotalCount() == 0 ? "none taken"
                            : String.format("p50 %.1f, p99 %.1f, max %.1f s", catchUp.getValueAtPercentile(50) / 1000.0,
                                    catchUp.getValueAtPercentile(99) / 1000.0, catchUp.getMaxValue() / 1000.0)));
            if (!phase.notTaken.isEmpty()) {
                out.append("; sends not taken:");
                new TreeMap<>(phase.notTaken).forEach((cause, count) -> out.append(' ').append(cause).append(' ').append(count.get()).append(','));
                out.setLength(out.length() - 1);
            }
            out.append('\n');
        }
        long ended = ratesEnded;
        long last = lastTaken;
        if (ended != 0) {
            out.append(stillWaiting > 0
                    ? String.format("  %d queues still on their phones %d min after the last rate (the benchmark stopped waiting)%n", stillWaiting,
                            TimeUnit.NANOSECONDS.toMinutes(catchUpNanos))
                    : String.format("  every queue taken %.1f s after the last rate ended%n", Math.max(0, last - ended) / 1e9));
        }
        return out.toString();
    }

    private Phase phase(String name) {
        order.computeIfAbsent(name, n -> next.getAndIncrement());
        return phases.computeIfAbsent(name, n -> new Phase());
    }
}
