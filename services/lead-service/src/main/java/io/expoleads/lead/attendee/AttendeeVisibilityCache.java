package io.expoleads.lead.attendee;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The visibility settings in memory, for the scan path: each edition's setting is loaded at most
 * once per time-to-live, so a change made through another instance shows within that time, and
 * one made through this instance at once.
 */
final class AttendeeVisibilityCache {

    /** Beyond this many editions, expired entries are dropped as new ones come in. */
    private static final int TIDY_ABOVE = 1_000;

    private record Entry(AttendeeVisibility visibility, long loadedAt) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Function<String, AttendeeVisibility> load;
    private final long ttlNanos;
    private final LongSupplier nanoTime;

    /**
     * @param load     reads an edition's current setting from the store
     * @param nanoTime the clock, {@code System::nanoTime} outside tests
     */
    AttendeeVisibilityCache(Function<String, AttendeeVisibility> load, Duration ttl, LongSupplier nanoTime) {
        this.load = load;
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = nanoTime;
    }

    AttendeeVisibility get(String editionId) {
        long now = nanoTime.getAsLong();
        Entry entry = entries.get(editionId);
        if (entry != null && now - entry.loadedAt() < ttlNanos) {
            return entry.visibility();
        }
        AttendeeVisibility loaded = load.apply(editionId);
        // A setting stored while this load was under way is newer than what the load read: keep it.
        Entry kept = entries.compute(editionId, (id, current) ->
                current != null && current.loadedAt() >= now ? current : new Entry(loaded, now));
        tidy(now);
        return kept.visibility();
    }

    /** Remembers a setting this instance just stored, so its own scans see it at once. */
    void put(AttendeeVisibility visibility) {
        entries.put(visibility.editionId(), new Entry(visibility, nanoTime.getAsLong()));
    }

    int size() {
        return entries.size();
    }

    private void tidy(long now) {
        if (entries.size() > TIDY_ABOVE) {
            entries.values().removeIf(entry -> now - entry.loadedAt() >= ttlNanos);
        }
    }
}
