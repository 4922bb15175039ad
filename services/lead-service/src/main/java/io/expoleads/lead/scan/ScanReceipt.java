package io.expoleads.lead.scan;

import java.time.Instant;

import io.expoleads.events.AttendeeView;
import io.expoleads.lead.lead.Lead;

/**
 * The scanner's answer: whether the scan was taken, the visitor as this exhibitor may see them,
 * and whether they were already a lead, scanned by whom and when.
 */
record ScanReceipt(String scanId, Status status, String leadId, AttendeeView attendee, AlreadyLead alreadyLead) {

    enum Status { ACCEPTED, DUPLICATE }

    record AlreadyLead(int scanCount, Instant lastScanAt, String lastScannedBy) {
    }

    static ScanReceipt accepted(String scanId, String leadId, AttendeeView attendee, Lead existing) {
        return new ScanReceipt(scanId, Status.ACCEPTED, leadId, attendee, existing == null ? null
                : new AlreadyLead(existing.scanCount(), existing.lastScanAt(), existing.lastScannedBy()));
    }

    static ScanReceipt duplicate(String scanId, Lead lead) {
        return new ScanReceipt(scanId, Status.DUPLICATE, lead.id(), lead.attendee(),
                new AlreadyLead(lead.scanCount(), lead.lastScanAt(), lead.lastScannedBy()));
    }
}
