package io.expoleads.notification.alert;

import io.expoleads.events.AttendeeView;
import io.expoleads.events.LeadView;

/** A lead without its visitor's email and phone: what remains once the visitor withdrew their consent. */
final class Contacts {

    private Contacts() {
    }

    static LeadView withoutContact(LeadView lead) {
        AttendeeView visitor = lead.attendee();
        AttendeeView without = new AttendeeView(visitor.attendeeId(), visitor.editionId(), visitor.registrationId(), visitor.firstName(),
                visitor.lastName(), visitor.company(), visitor.jobTitle(), null, null, visitor.country(), visitor.shareContact());
        return new LeadView(lead.leadId(), lead.exhibitorId(), lead.editionId(), lead.revision(), without, lead.scanCount(),
                lead.firstScanAt(), lead.lastScanAt(), lead.lastScannedBy(), lead.scannedBy(), lead.rating(), lead.formVersion(),
                lead.answers(), lead.tags(), lead.followUp(), lead.notes(), lead.flags()).withSource(lead.source());
    }
}
