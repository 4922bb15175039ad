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
 *                             import or update keeps them true and an erased stub holds none
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
        List<String> searchKeys) {

    /** In {@link #contactWithdrawnFrom}: withdrawn from every exhibitor. */
    public static final String EVERY_EXHIBITOR = "*";

    public Attendee {
        // A wrapper: attendees stored before erasure existed have no such field, and read as not erased.
        erased = Boolean.TRUE.equals(erased);
        contactWithdrawnFrom = contactWithdrawnFrom == null ? List.of() : List.copyOf(contactWithdrawnFrom);
        outbox = outbox == null ? List.of() : List.copyOf(outbox);
        searchKeys = SearchKeys.of(firstName, lastName, company);
    }

    public Attendee(String id, String editionId, String registrationId, String firstName, String lastName, String company,
                    String jobTitle, String email, String phone, String country, boolean shareContact,
                    List<String> contactWithdrawnFrom, Boolean erased, Instant erasedAt, long revision, List<OutboxEntry> outbox) {
        this(id, editionId, registrationId, firstName, lastName, company, jobTitle, email, phone, country, shareContact,
                contactWithdrawnFrom, erased, erasedAt, revision, outbox, null);
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

    /** Whether the visitor's contact fields may reach this exhibitor (consent not withdrawn from it). */
    public boolean contactAllowedFor(String exhibitorId) {
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
                contactWithdrawnFrom, erased, erasedAt, revision, outbox);
    }

    Attendee withRevision(long newRevision, OutboxEntry event) {
        return new Attendee(id, editionId, registrationId, firstName, lastName, company, jobTitle, email, phone,
                country, shareContact, contactWithdrawnFrom, erased, erasedAt, newRevision,
                event == null ? List.of() : List.of(event));
    }

    /** The attendee with contact sharing withdrawn from one more exhibitor (or all); the same when already. */
    Attendee withdrawnFrom(String exhibitorId) {
        if (contactWithdrawnFrom.contains(exhibitorId) || contactWithdrawnFrom.contains(EVERY_EXHIBITOR)) {
            return this;
        }
        List<String> withdrawn = new ArrayList<>(EVERY_EXHIBITOR.equals(exhibitorId) ? List.of() : contactWithdrawnFrom);
        withdrawn.add(exhibitorId);
        return new Attendee(id, editionId, registrationId, firstName, lastName, company, jobTitle, email, phone, country,
                shareContact, withdrawn, erased, erasedAt, revision + 1, List.of());
    }

    /** The pseudonymous stub an erasure leaves: ids and the time, nothing personal. */
    Attendee erasedStub(Instant at) {
        return new Attendee(id, editionId, null, null, null, null, null, null, null, null, false, List.of(), true, at,
                revision + 1, List.of());
    }
}
