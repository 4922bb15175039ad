package io.expoleads.lead.attendee;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.expoleads.events.AttendeeView;
import io.expoleads.platform.outbox.OutboxEntry;

/**
 * A registered visitor of one edition, identified by the registration system's id. Exhibitors see
 * them only through {@link AttendeeDirectory#visibleToExhibitors(Attendee)}. An erased visitor
 * stays as a pseudonymous stub (ids, {@code erased}, {@code erasedAt}), so counts stay right and
 * their badge is refused.
 *
 * @param shareContact         whether the visitor agreed that exhibitors see their email and phone
 * @param contactWithdrawnFrom exhibitors the visitor withdrew contact sharing from ({@value #EVERY_EXHIBITOR}: all)
 * @param erased               never null: true for an erased visitor's stub
 * @param searchKeys           the directory search's keys ({@link SearchKeys}), always derived from the
 *                             names and company: whatever is stored or passed is recomputed, so an
 *                             import or update keeps them true and an erased stub holds none; a
 *                             walk-in has none, so no search ever finds them
 * @param walkIn               for a visitor with no registration, typed in at one exhibitor's booth with
 *                             their consent: that exhibitor and the consent; null for a registered visitor
 */
public record Attendee(
        String id,
        String editionId,
        String registrationId,
        String firstName,
        String lastName,
        String company,
        String jobTitle,
        String email,
        String phone,
        String country,
        boolean shareContact,
        List<String> contactWithdrawnFrom,
        Boolean erased,
        Instant erasedAt,
        long revision,
        List<OutboxEntry> outbox,
        List<String> searchKeys,
        WalkIn walkIn) {

    /** In {@link #contactWithdrawnFrom}: withdrawn from every exhibitor. */
    public static final String EVERY_EXHIBITOR = "*";

    public Attendee {
        // A wrapper: attendees stored before erasure existed have no such field, and read as not erased.
        erased = Boolean.TRUE.equals(erased);
        contactWithdrawnFrom = contactWithdrawnFrom == null ? List.of() : List.copyOf(contactWithdrawnFrom);
        outbox = outbox == null ? List.of() : List.copyOf(outbox);
        searchKeys = walkIn == null ? SearchKeys.of(firstName, lastName, company) : List.of();
    }

    /**
     * Where a walk-in's record comes from: the one exhibitor whose booth typed it in, and the consent
     * the visitor gave there on the phone, to share these details with that exhibitor only.
     *
     * @param exhibitorId       the exhibitor the visitor agreed to share their details with
     * @param consentAgreedAt   when the visitor ticked the consent (the phone's clock)
     * @param consentText       the version of the consent text they agreed to, as the scanner names it
     * @param recordedAt        when the service took it
     */
    public record WalkIn(String exhibitorId, Instant consentAgreedAt, String consentText, Instant recordedAt) {
    }

    /** Whether the visitor was typed in at a booth (no registration) rather than registered by the organizer. */
    public boolean isWalkIn() {
        return walkIn != null;
    }

    /** Whether this exhibitor may take a lead on the visitor: any of the edition's, but a walk-in only the booth that typed them in. */
    public boolean reachableBy(String exhibitorId) {
        return walkIn == null || walkIn.exhibitorId().equals(exhibitorId);
    }

    public Attendee(String id, String editionId, String registrationId, String firstName, String lastName, String company,
                    String jobTitle, String email, String phone, String country, boolean shareContact,
                    List<String> contactWithdrawnFrom, Boolean erased, Instant erasedAt, long revision, List<OutboxEntry> outbox) {
        this(id, editionId, registrationId, firstName, lastName, company, jobTitle, email, phone, country, shareContact,
                contactWithdrawnFrom, erased, erasedAt, revision, outbox, null, null);
    }

    public Attendee(String id, String editionId, String registrationId, String firstName, String lastName, String company,
                    String jobTitle, String email, String phone, String country, boolean shareContact, long revision,
                    List<OutboxEntry> outbox) {
        this(id, editionId, registrationId, firstName, lastName, company, jobTitle, email, phone, country, shareContact,
                List.of(), false, null, revision, outbox);
    }

    /**
     * Everything the directory holds of the attendee, for the organizer. What leaves the service
     * is narrower: {@link AttendeeDirectory#visibleToExhibitors(Attendee)}, sealed.
     */
    public AttendeeView view() {
        return new AttendeeView(id, editionId, registrationId, firstName, lastName, company, jobTitle, email, phone,
                country, shareContact);
    }

    /**
     * Whether the visitor's contact fields may reach this exhibitor (consent not withdrawn from it); a
     * walk-in's reach the exhibitor they agreed to share them with, and no one else (null: any exhibitor).
     */
    public boolean contactAllowedFor(String exhibitorId) {
        if (walkIn != null && !walkIn.exhibitorId().equals(exhibitorId)) {
            return false;
        }
        return !contactWithdrawnFrom.contains(EVERY_EXHIBITOR)
                && (exhibitorId == null || !contactWithdrawnFrom.contains(exhibitorId));
    }

    boolean sameDetails(Attendee other) {
        return view().equals(other.view());
    }

    /** The same attendee with the details of a new import of their registration; withdrawals stay. */
    Attendee withDetailsOf(Attendee incoming) {
        return new Attendee(id, editionId, incoming.registrationId, incoming.firstName, incoming.lastName, incoming.company,
                incoming.jobTitle, incoming.email, incoming.phone, incoming.country, incoming.shareContact,
                contactWithdrawnFrom, erased, erasedAt, revision, outbox, null, walkIn);
    }

    Attendee withRevision(long newRevision, OutboxEntry event) {
        return new Attendee(id, editionId, registrationId, firstName, lastName, company, jobTitle, email, phone,
                country, shareContact, contactWithdrawnFrom, erased, erasedAt, newRevision,
                event == null ? List.of() : List.of(event), null, walkIn);
    }

    /** The attendee with contact sharing withdrawn from one more exhibitor (or all); the same when already. */
    Attendee withdrawnFrom(String exhibitorId) {
        if (contactWithdrawnFrom.contains(exhibitorId) || contactWithdrawnFrom.contains(EVERY_EXHIBITOR)) {
            return this;
        }
        List<String> withdrawn = new ArrayList<>(EVERY_EXHIBITOR.equals(exhibitorId) ? List.of() : contactWithdrawnFrom);
        withdrawn.add(exhibitorId);
        return new Attendee(id, editionId, registrationId, firstName, lastName, company, jobTitle, email, phone, country,
                shareContact, withdrawn, erased, erasedAt, revision + 1, List.of(), null, walkIn);
    }

    /**
     * The pseudonymous stub an erasure leaves: ids and the time, nothing personal (a walk-in's stub
     * keeps whose booth it was and when they agreed, which says nothing of who they are).
     */
    Attendee erasedStub(Instant at) {
        return new Attendee(id, editionId, null, null, null, null, null, null, null, null, false, List.of(), true, at,
                revision + 1, List.of(), null, walkIn);
    }
}
