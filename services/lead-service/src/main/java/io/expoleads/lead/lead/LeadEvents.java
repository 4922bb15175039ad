package io.expoleads.lead.lead;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import io.expoleads.events.Contract;
import io.expoleads.events.EventEnvelope;
import io.expoleads.events.EventTypes;
import io.expoleads.events.Topics;
import io.expoleads.lead.attendee.AttendeeDirectory;
import io.expoleads.platform.outbox.EventWriter;
import io.expoleads.platform.outbox.OutboxEntry;
import io.expoleads.platform.privacy.PersonalSeal;
import org.springframework.stereotype.Component;

/**
 * The events a lead is published with on {@code expo.leads.v1}, each with an id made of the lead's
 * id and revision, so the same write relayed twice is one event.
 */
@Component
class LeadEvents {

    private final EventWriter events;
    private final PersonalSeal seal;
    private final AttendeeDirectory attendees;
    private final Clock clock;

    LeadEvents(EventWriter events, PersonalSeal seal, AttendeeDirectory attendees, Clock clock) {
        this.events = events;
        this.seal = seal;
        this.attendees = attendees;
        this.clock = clock;
    }

    /** The lead's event: what its exhibitor may see now, the visitor's part sealed under their key. */
    OutboxEntry of(Lead lead, String type) {
        return events.entry(Topics.LEADS, lead.exhibitorId(), EventEnvelope.of(idOf(lead), type, clock.instant(),
                lead.editionId(), lead.id(), seal.seal(lead.viewShowing(attendees.visibleNow(lead.attendee())))));
    }

    /** A scrubbed lead's {@code LeadErased}, at the erasure's time: nothing personal in it, so nothing sealed. */
    OutboxEntry erased(Lead scrubbed, Instant at) {
        return events.entry(Topics.LEADS, scrubbed.exhibitorId(), EventEnvelope.of(idOf(scrubbed), EventTypes.LEAD_ERASED, at,
                scrubbed.editionId(), scrubbed.id(), scrubbed.view()));
    }

    private static UUID idOf(Lead lead) {
        return Contract.deterministicId(Topics.LEADS, lead.id(), Long.toString(lead.revision()));
    }
}
