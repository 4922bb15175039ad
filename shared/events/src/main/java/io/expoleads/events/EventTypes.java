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
    /** The visitor was erased: the payload holds ids only; a tombstone for the key follows. */
    public static final String ATTENDEE_ERASED = "AttendeeErased";

    /** A visitor's data key, wrapped, on {@link Topics#VISITOR_KEYS}. */
    public static final String VISITOR_KEY_ISSUED = "VisitorKeyIssued";

    /** lead-service started erasing a visitor, on {@link Topics#ERASURES}. */
    public static final String ERASURE_REQUESTED = "ErasureRequested";
    /** A service finished removing its copies of an erased visitor, on {@link Topics#ERASURES}. */
    public static final String ERASURE_COMPLETED = "ErasureCompleted";

    public static final String SCAN_ACCEPTED = "ScanAccepted";

    public static final String LEAD_CAPTURED = "LeadCaptured";
    public static final String LEAD_QUALIFIED = "LeadQualified";
    public static final String LEAD_UPDATED = "LeadUpdated";
    /** The lead's visitor was erased: the payload holds nothing personal and nothing sealed. */
    public static final String LEAD_ERASED = "LeadErased";
    /** The visitor withdrew contact sharing for this lead: the payload holds no email or phone. */
    public static final String LEAD_CONTACT_WITHDRAWN = "LeadContactWithdrawn";

    public static final String DELIVERY_SUCCEEDED = "DeliverySucceeded";
    /** An attempt failed; another is scheduled. */
    public static final String DELIVERY_FAILED = "DeliveryFailed";
    /** The last attempt failed, or the destination answered that it is gone: nothing more is tried. */
    public static final String DELIVERY_DEAD = "DeliveryDead";

    private EventTypes() {
    }
}
