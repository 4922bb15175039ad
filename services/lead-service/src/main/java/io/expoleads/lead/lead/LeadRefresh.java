package io.expoleads.lead.lead;

import java.time.Clock;
import java.util.List;

import io.expoleads.events.AttendeeView;
import io.expoleads.events.EventEnvelope;
import io.expoleads.events.EventTypes;
import io.expoleads.events.Topics;
import io.expoleads.lead.attendee.Attendee;
import io.expoleads.lead.attendee.AttendeeDirectory;
import io.expoleads.lead.attendee.AttendeeVisibilityChanged;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.stereotype.Service;

/**
 * Keeps the attendee data shown on leads in line with the directory: an attendee's changed details,
 * and the organizer's choice of the fields exhibitors may see.
 */
@Service
public class LeadRefresh {

    /** The listener container that consumes {@code expo.attendees.v1}. */
    public static final String ATTENDEE_LISTENER_ID = "lead-attendees";

    private final LeadStore store;
    private final LeadWrites writes;
    private final AttendeeDirectory attendees;
    private final Clock clock;

    LeadRefresh(LeadStore store, LeadWrites writes, AttendeeDirectory attendees, Clock clock) {
        this.store = store;
        this.writes = writes;
        this.attendees = attendees;
        this.clock = clock;
    }

    /** Refreshes the attendee data shown on the attendee's leads when the directory changes them. */
    @KafkaListener(id = ATTENDEE_LISTENER_ID, idIsGroup = false, topics = Topics.ATTENDEES,
            groupId = "${expo.kafka.consumer-group:${spring.application.name}}-lead-attendees")
    void onAttendee(@Payload(required = false) EventEnvelope<AttendeeView> event) {
        if (event == null || !EventTypes.ATTENDEE_UPDATED.equals(event.type())) {
            // A tombstone (an erased visitor) or an erasure: the erasure rewrote the leads itself.
            // A newly registered attendee has no lead yet: a scan needs the attendee first.
            return;
        }
        // Only the ids are read from the event; the attendee's data comes from the directory.
        Attendee attendee = attendees.find(event.payload().attendeeId()).orElse(null);
        if (attendee == null || attendee.erased()) {
            return;
        }
        List<Lead> affected = store.leadsOf(attendee.id());
        for (Lead lead : affected) {
            writes.change(lead.id(), this::withAttendeeNow, (stored, changed) -> changed.refreshEventType(stored));
        }
        store.relay(affected.stream().map(Lead::id).toList());
    }

    /**
     * Brings the edition's leads in line with the organizer's new choice of visible fields: a
     * field taken away disappears from every lead (and the next event of each lead shows it as a
     * {@code LeadUpdated}). Ordered first, before the directory republishes the edition's attendees:
     * else the refresh each republished attendee brings ({@link #onAttendee}) could reach a lead
     * first and publish the narrowing as a contact withdrawal.
     */
    @EventListener
    @Order(Ordered.HIGHEST_PRECEDENCE)
    void onVisibility(AttendeeVisibilityChanged change) {
        List<String> leadIds = store.idsOfEdition(change.editionId());
        for (String leadId : leadIds) {
            writes.change(leadId, this::withAttendeeNow, EventTypes.LEAD_UPDATED);
        }
        store.relay(leadIds);
    }

    /**
     * The lead showing its attendee as the directory holds them now, read after the lead: a consent
     * withdrawal writes the attendee before it scrubs the leads, so a withdrawal that reached this
     * lead is in the attendee read here, and one that did not yet will scrub the lead written here
     * (or make this write lose its revision and be done again). An attendee read before the lead (as
     * once, once per refresh) could bring back the contact a withdrawal had just removed.
     */
    private Lead withAttendeeNow(Lead stored) {
        Attendee attendee = attendees.find(stored.attendeeId()).orElse(null);
        return attendee == null || attendee.erased() ? stored
                : stored.withAttendee(attendees.visibleTo(attendee, stored.exhibitorId()), clock.instant());
    }
}
