package io.expoleads.events;

import java.util.Map;
import java.util.Set;

/** The topic names of the contract between services, versioned in the name. */
public final class Topics {

    /** Key editionId; each event carries the edition's dates and time zone (compacted). */
    public static final String EDITIONS = "expo.editions.v1";
    /** Key exhibitorId; each event carries the exhibitor's full public view (compacted). */
    public static final String EXHIBITORS = "expo.exhibitors.v1";
    /** Key attendeeId. */
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

    private static final String DEAD_LETTER_SUFFIX = ".DLT";

    private static final Map<String, Class<?>> PAYLOADS = Map.of(
            EDITIONS, EditionView.class,
            EXHIBITORS, ExhibitorView.class,
            ATTENDEES, AttendeeView.class,
            SCANS, ScanAccepted.class,
            LEADS, LeadView.class,
            DELIVERIES, DeliveryOutcome.class,
            WEBHOOKS, WebhookEndpoints.class);

    /** Topics whose latest record per key is the aggregate's state: compacted, never expired. */
    private static final Set<String> COMPACTED = Set.of(EDITIONS, EXHIBITORS, ATTENDEES, WEBHOOKS);

    private Topics() {
    }

    /** Whether {@code topic} keeps the latest record per key (compaction) rather than expiring records. */
    public static boolean isCompacted(String topic) {
        return COMPACTED.contains(topic);
    }

    /** The topic where records of {@code topic} that could not be processed are parked. */
    public static String deadLetter(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
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
