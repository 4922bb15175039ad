package io.expoleads.lead.lead;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.expoleads.events.EventTypes;
import io.expoleads.lead.attendee.Attendee;
import io.expoleads.lead.attendee.AttendeeDirectory;
import org.springframework.stereotype.Service;

/**
 * A visitor's privacy requests applied to their leads: an erasure scrubs them, a withdrawal of
 * contact sharing takes their email and phone off, each lead with its own event so every copy
 * downstream follows. Also what a capture owes a request that landed while it wrote.
 */
@Service
public class LeadPrivacy {

    private final LeadStore store;
    private final LeadWrites writes;
    private final LeadEvents events;
    private final AttendeeDirectory attendees;
    private final Clock clock;

    LeadPrivacy(LeadStore store, LeadWrites writes, LeadEvents events, AttendeeDirectory attendees, Clock clock) {
        this.store = store;
        this.writes = writes;
        this.events = events;
        this.attendees = attendees;
        this.clock = clock;
    }

    /**
     * Scrubs every lead of an erased visitor, each with a {@code LeadErased} event holding nothing
     * personal and nothing sealed. Idempotent: a lead scrubbed already is left alone.
     *
     * @return the visitor's leads (scrubbed now or before)
     */
    public List<Lead> eraseVisitor(String attendeeId, Instant at) {
        List<Lead> scrubbed = new ArrayList<>();
        for (Lead found : store.leadsOf(attendeeId)) {
            scrubbed.add(erase(found.id(), at));
        }
        store.relay(scrubbed.stream().map(Lead::id).toList());
        return scrubbed;
    }

    /**
     * Removes the visitor's email and phone from their leads with this exhibitor (null: every
     * exhibitor), each with a {@code LeadContactWithdrawn} event (sealed, without them).
     *
     * @return the leads concerned
     */
    public List<Lead> withdrawContact(String attendeeId, String exhibitorId) {
        List<Lead> changed = new ArrayList<>();
        for (Lead lead : store.leadsOf(attendeeId, exhibitorId)) {
            changed.add(withoutContact(lead.id()));
        }
        store.relay(changed.stream().map(Lead::id).toList());
        return changed;
    }

    /**
     * Scrubs those of these leads, just written, whose visitor was erased meanwhile, with the
     * erasure's own {@code LeadErased}; and takes the contact off those whose visitor withdrew
     * contact sharing from their exhibitor meanwhile, with the withdrawal's own event. An erasure
     * or a withdrawal writes the attendee before it scrubs the leads; capture read the attendee
     * before it wrote the lead, so one landing between the two found no lead to scrub and capture
     * wrote the visitor's data. Reading the attendees again after the write closes that gap: one
     * this read does not see has not written the attendee yet, and will find and scrub the lead
     * written here. One read for the whole poll, and none when every lead is erased already.
     */
    void honourRequestsMadeDuringCapture(List<Lead> written) {
        List<Lead> living = written.stream().filter(lead -> !lead.erased()).toList();
        if (living.isEmpty()) {
            return;
        }
        Map<String, Attendee> now = attendees.findAll(living.stream().map(Lead::attendeeId).distinct().toList());
        List<String> scrubbed = new ArrayList<>();
        for (Lead lead : living) {
            Attendee attendee = now.get(lead.attendeeId());
            switch (lead.privacyDue(attendee)) {
                case ERASURE -> {
                    // The erasure's own time, so the LeadErased is the one the erasure would have written.
                    erase(lead.id(), attendee.erasedAt() == null ? clock.instant() : attendee.erasedAt());
                    scrubbed.add(lead.id());
                }
                case CONTACT_WITHDRAWAL -> {
                    withoutContact(lead.id());
                    scrubbed.add(lead.id());
                }
                case NOTHING -> {
                }
            }
        }
        store.relay(scrubbed);
    }

    /** Scrubs one lead of an erased visitor with its {@code LeadErased}; the lead as it is when scrubbed already. */
    private Lead erase(String leadId, Instant at) {
        while (true) {
            Lead stored = store.find(leadId).orElseThrow();
            Lead erased = stored.scrubbed(at);
            if (erased == stored) {
                return stored;
            }
            if (store.update(stored.revision(), erased, events.erased(erased, at))) {
                return erased;
            }
        }
    }

    /** The lead without the visitor's email and phone, with a {@code LeadContactWithdrawn} event when it held them. */
    private Lead withoutContact(String leadId) {
        return writes.change(leadId, stored -> stored.withoutContact(clock.instant()), EventTypes.LEAD_CONTACT_WITHDRAWN);
    }
}
