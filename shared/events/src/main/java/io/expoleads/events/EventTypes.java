package io.expoleads.events;

/** The event type names, past-tense facts, used in {@link EventEnvelope#type()}. */
public final class EventTypes {

    public static final String EDITION_OPENED = "EditionOpened";
    public static final String EDITION_CHANGED = "EditionChanged";

    public static final String EXHIBITOR_APPLIED = "ExhibitorApplied";
    public static final String EXHIBITOR_UPDATED = "ExhibitorUpdated";
    public static final String EXHIBITOR_SUBMITTED = "ExhibitorSubmitted";
    public static final String EXHIBITOR_APPROVED = "ExhibitorApproved";
    public static final String EXHIBITOR_REJECTED = "ExhibitorRejected";
    public static final String EXHIBITOR_WITHDRAWN = "ExhibitorWithdrawn";

    public static final String WEBHOOKS_CHANGED = "WebhooksChanged";

    public static final String ATTENDEE_REGISTERED = "AttendeeRegistered";
    public static final String ATTENDEE_UPDATED = "AttendeeUpdated";

    public static final String SCAN_ACCEPTED = "ScanAccepted";

    public static final String LEAD_CAPTURED = "LeadCaptured";
    public static final String LEAD_QUALIFIED = "LeadQualified";
    public static final String LEAD_UPDATED = "LeadUpdated";

    public static final String DELIVERY_SUCCEEDED = "DeliverySucceeded";
    /** An attempt failed; another is scheduled. */
    public static final String DELIVERY_FAILED = "DeliveryFailed";
    /** The last attempt failed, or the destination answered that it is gone: nothing more is tried. */
    public static final String DELIVERY_DEAD = "DeliveryDead";

    private EventTypes() {
    }
}
