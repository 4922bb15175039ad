package io.expoleads.events;

import java.util.Map;
import java.util.Set;

/** The topic names of the contract between services, versioned in the name. */
public final class Topics {

    /** Key editionId; each event carries the edition's dates and time zone (compacted). */
    public static final String EDITIONS = "expo.editions.v1";
    /** Key exhibitorId; each event carries the exhibitor's full public view (compacted). */
    public static final String EXHIBITORS = "expo.exhibitors.v1";
    /**
     * Key attendeeId; the attendee's consented view, personal fields sealed (compacted). An erased
     * visitor gets {@code AttendeeErased} then a tombstone.
     */
    public static final String ATTENDEES = "expo.attendees.v1";
    /** Key exhibitorId; accepted badge scans, written before the scan is acknowledged. */
    public static final String SCANS = "expo.scans.v1";
    /** Key exhibitorId. */
    public static final String LEADS = "expo.leads.v1";
    /** Key exhibitorId. */
    public static final String DELIVERIES = "expo.deliveries.v1";
    /**
     * Key exhibitorId; each record the exhibitor's webhook endpoints with their signing secrets
     * (compacted). Read by notification-service only: grant no other consumer access to it.
     */
    public static final String WEBHOOKS = "expo.webhooks.v1";
    /**
     * Key attendeeId; each visitor's data key, wrapped under the services' key-encryption key
     * (compacted); a tombstone when the visitor is erased. Read by notification-service only:
     * grant no other consumer access to it.
     */
    public static final String VISITOR_KEYS = "expo.visitor-keys.v1";
    /**
     * Key attendeeId; erasures requested (lead-service) and completed (each service holding visitor
     * data). Nothing personal: ids, times and counts.
     */
    public static final String ERASURES = "expo.erasures.v1";

    /**
     * How long after a record is superseded (or a tombstone written) a compacted topic of visitor
     * data may still hold the old record: compaction is forced within an hour, and the segment
     * holding it rolls within 15 minutes of a later write, so a destroyed key or an erased
     * visitor's last sealed view is gone from the log in bounded time.
     */
    public static final long VISITOR_MAX_COMPACTION_LAG_MS = 3_600_000L;
    public static final long VISITOR_SEGMENT_MS = 900_000L;
    /** How long a tombstone stays readable, so a consumer that was down for a day still sees it. */
    public static final long TOMBSTONE_RETENTION_MS = 86_400_000L;

    private static final String DEAD_LETTER_SUFFIX = ".DLT";

    private static final Map<String, Class<?>> PAYLOADS = Map.of(
            EDITIONS, EditionView.class,
            EXHIBITORS, ExhibitorView.class,
            ATTENDEES, AttendeeView.class,
            SCANS, ScanAccepted.class,
            LEADS, LeadView.class,
            DELIVERIES, DeliveryOutcome.class,
            WEBHOOKS, WebhookEndpoints.class,
            VISITOR_KEYS, VisitorKey.class,
            ERASURES, ErasureProgress.class);

    /** Topics whose latest record per key is the aggregate's state: compacted, never expired. */
    private static final Set<String> COMPACTED = Set.of(EDITIONS, EXHIBITORS, ATTENDEES, WEBHOOKS, VISITOR_KEYS);

    /** Compacted topics keyed by visitor, whose old records must leave the log in bounded time. */
    private static final Set<String> VISITOR_COMPACTED = Set.of(ATTENDEES, VISITOR_KEYS);

    private Topics() {
    }

    /** Whether {@code topic} keeps the latest record per key (compaction) rather than expiring records. */
    public static boolean isCompacted(String topic) {
        return COMPACTED.contains(topic);
    }

    /**
     * Topic settings beyond the cleanup policy, by Kafka topic config name: for the compacted
     * topics keyed by visitor, a bounded compaction lag and segment age and a day of tombstone
     * retention (see {@link #VISITOR_MAX_COMPACTION_LAG_MS}); nothing for the others.
     */
    public static Map<String, String> compactionSettings(String topic) {
        if (!VISITOR_COMPACTED.contains(topic)) {
            return Map.of();
        }
        return Map.of(
                "max.compaction.lag.ms", Long.toString(VISITOR_MAX_COMPACTION_LAG_MS),
                "segment.ms", Long.toString(VISITOR_SEGMENT_MS),
                "delete.retention.ms", Long.toString(TOMBSTONE_RETENTION_MS));
    }

    /** The topic where records of {@code topic} that could not be processed are parked. */
    public static String deadLetter(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }

    /** Every topic of the contract (without their DLTs). */
    public static Set<String> all() {
        return PAYLOADS.keySet();
    }

    /** The payload type carried by every envelope on {@code topic}. */
    public static Class<?> payloadType(String topic) {
        Class<?> type = PAYLOADS.get(topic);
        if (type == null) {
            throw new IllegalArgumentException("not a topic of the contract: " + topic);
        }
        return type;
    }
}
