package io.expoleads.lead.scan;

import java.time.Instant;
import java.util.List;

import io.expoleads.events.AttendeeView;
import io.expoleads.events.LeadNote;
import io.expoleads.events.ScanFlag;
import io.expoleads.lead.lead.Lead;

/**
 * The scanner's answer: whether the scan was taken, the visitor as this exhibitor may see them,
 * and whether they were already a lead, scanned by whom and when, with the team's notes.
 *
 * @param alreadyLead the lead as it stood before this scan, or null when the visitor is new to the exhibitor
 */
record ScanReceipt(String scanId, ScanStatus status, String leadId, AttendeeView attendee, List<ScanFlag> flags,
                   AlreadyLead alreadyLead) {

    record AlreadyLead(int scanCount, Instant firstScanAt, Instant lastScanAt, String lastScannedBy,
                       List<String> scannedBy, Integer rating, List<String> tags, List<LeadNote> notes) {

        static AlreadyLead of(Lead lead) {
            return lead == null ? null : new AlreadyLead(lead.scanCount(), lead.firstScanAt(), lead.lastScanAt(),
                    lead.lastScannedBy(), lead.scannedBy(), lead.rating(), lead.tags(), lead.notes());
        }
    }
}
