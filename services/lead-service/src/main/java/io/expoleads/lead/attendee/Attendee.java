package io.expoleads.lead.attendee;

import java.util.List;

import io.expoleads.events.AttendeeView;
import io.expoleads.platform.outbox.OutboxEntry;

/**
 * A registered visitor of one edition, identified by the registration system's id. Exhibitors see
 * them only through {@link AttendeeDirectory#visibleToExhibitors(Attendee)}.
 *
 * @param shareContact whether the visitor agreed that exhibitors see their email and phone
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
        long revision,
        List<OutboxEntry> outbox) {

    public Attendee {
        outbox = outbox == null ? List.of() : List.copyOf(outbox);
    }

    /**
     * Everything the directory holds of the attendee, as published on {@code expo.attendees.v1}.
     * Exhibitors see less: {@link AttendeeDirectory#visibleToExhibitors(Attendee)}.
     */
    public AttendeeView view() {
        return new AttendeeView(id, editionId, registrationId, firstName, lastName, company, jobTitle, email, phone,
                country, shareContact);
    }

    boolean sameDetails(Attendee other) {
        return view().equals(other.view());
    }

    Attendee withRevision(long newRevision, OutboxEntry event) {
        return new Attendee(id, editionId, registrationId, firstName, lastName, company, jobTitle, email, phone,
                country, shareContact, newRevision, event == null ? List.of() : List.of(event));
    }
}
