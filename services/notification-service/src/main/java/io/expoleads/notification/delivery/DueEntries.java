package io.expoleads.notification.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The due entries of one channel read from the queue and not handed out yet, a few per lane, and
 * which lanes may hold more than was read. A worker that ends an attempt wakes the loop to hand out
 * the next one; reading the queue again each time (a sorted query over every due entry) made those
 * reads the embedded store's largest cost once a backlog built up (85 % of its CPU in a benchmark's
 * profile, several reads a second over tens of thousands of entries). The queue is read again every
 * {@code poll}, and when workers are free, nothing read is theirs to take, and the queue may hold
 * something that is: the last read was cut at its limit, or a lane with a free slot may hold more
 * than was read (deliveries opened in it since, entries beyond the few kept, or left out of the
 * read for having enough read already). A read leaves out the lanes with enough entries read and
 * those whose slots other instances hold, so that one destination's backlog never hides the
 * others'. An entry read here that another instance claims meanwhile is dropped at its claim, and
 * the rest kept of its lane with it (read afresh when wanted: two instances read the same queue). Used
 * by the dispatcher's loop, and by a worker that goes on in the lane whose slot it holds ({@link #takeNext}):
 * every method holds the object's lock, never for more than a look at the kept entries.
 */
final class DueEntries {

    /** Entries kept per lane from a read: a lane takes at most {@code perDestination} at once. */
    private static final int PER_LANE = 8;

    private final Map<String, ArrayDeque<DeliveryQueue.Entry>> byLane = new HashMap<>();
    /** Lanes that may hold due entries not read; the loop's own. */
    private final Set<String> unread = new HashSet<>();
    /** Lanes deliveries were opened or replayed in, since the loop last looked. */
    private final Set<String> opened = ConcurrentHashMap.newKeySet();
    /** Lanes of which a kept entry was found claimed already (by another instance), since the loop last looked. */
    private final Set<String> lost = ConcurrentHashMap.newKeySet();
    private Instant readAt = Instant.MIN;
    private boolean cut;

    void opened(String lane) {
        opened.add(lane);
    }

    /**
     * A kept entry of {@code lane} was claimed already: another instance works through the same
     * entries, so the rest kept of the lane is dropped and the lane read afresh when it is wanted.
     */
    void lost(String lane) {
        lost.add(lane);
    }

    synchronized boolean stale(Instant now, Duration poll) {
        return !now.isBefore(readAt.plus(poll));
    }

    synchronized boolean mayFindMore(Predicate<String> full) {
        takeNews();
        return cut || unread.stream().anyMatch(lane -> !full.test(lane));
    }

    /** The lanes of which enough entries are read: a read leaves them out. */
    synchronized Set<String> wellStocked() {
        Set<String> stocked = new HashSet<>();
        byLane.forEach((lane, entries) -> {
            if (entries.size() >= PER_LANE / 2) {
                stocked.add(lane);
            }
        });
        return stocked;
    }

    /** Called just before a read's query. */
    synchronized void reading() {
        takeNews();
    }

    private void takeNews() {
        for (Iterator<String> lanes = opened.iterator(); lanes.hasNext(); ) {
            unread.add(lanes.next());
            lanes.remove();
        }
        for (Iterator<String> lanes = lost.iterator(); lanes.hasNext(); ) {
            String lane = lanes.next();
            lanes.remove();
            byLane.remove(lane);
            unread.add(lane);
        }
    }

    synchronized void read(List<DeliveryQueue.Entry> found, int limit, Set<String> leftOut, Instant now) {
        cut = found.size() >= limit;
        // The lanes read: what was kept of them is replaced by what the read found, which is all
        // of their due entries unless the read was cut.
        byLane.keySet().removeIf(lane -> !leftOut.contains(lane));
        if (!cut) {
            unread.removeIf(lane -> !leftOut.contains(lane));
        }
        for (DeliveryQueue.Entry entry : found) {
            ArrayDeque<DeliveryQueue.Entry> lane = byLane.computeIfAbsent(entry.lane(), key -> new ArrayDeque<>());
            if (lane.size() < PER_LANE) {
                lane.add(entry);
            } else {
                unread.add(entry.lane());
            }
        }
        readAt = now;
    }

    /** The entries kept, soonest due first over all lanes. */
    synchronized List<DeliveryQueue.Entry> soonestFirst() {
        takeNews();
        List<DeliveryQueue.Entry> all = new ArrayList<>();
        byLane.values().forEach(all::addAll);
        all.sort(Comparator.comparing(DeliveryQueue.Entry::dueAt, Comparator.nullsFirst(Comparator.naturalOrder())));
        return all;
    }

    /**
     * The soonest due entry kept of the lane, taken out (as {@link #taken}), or null when none is kept:
     * for the worker that holds one of the lane's slots and goes on with it.
     */
    synchronized DeliveryQueue.Entry takeNext(String lane) {
        ArrayDeque<DeliveryQueue.Entry> entries = byLane.get(lane);
        if (entries == null) {
            return null;
        }
        DeliveryQueue.Entry next = entries.pollFirst();
        if (entries.isEmpty()) {
            byLane.remove(lane);
        }
        return next;
    }

    synchronized void taken(DeliveryQueue.Entry entry) {
        ArrayDeque<DeliveryQueue.Entry> lane = byLane.get(entry.lane());
        if (lane != null) {
            lane.remove(entry);
            if (lane.isEmpty()) {
                byLane.remove(entry.lane());
            }
        }
    }
}
