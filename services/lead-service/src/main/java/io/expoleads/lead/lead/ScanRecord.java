package io.expoleads.lead.lead;

import java.time.Instant;
import java.util.List;

import io.expoleads.events.LeadSource;
import io.expoleads.events.ScanAccepted;
import io.expoleads.events.ScanFlag;

/**
 * One scan of the lead's visitor: who scanned, with which device, when, what looked odd about it,
 * and how the visitor was identified (their badge, or a directory lookup; BADGE for scans stored
 * before lookups existed).
 */
public record ScanRecord(String scanId, String staffId, String deviceId, Instant scannedAt, Instant receivedAt,
                         List<ScanFlag> flags, LeadSource source) {

    public ScanRecord {
        flags = flags == null ? List.of() : List.copyOf(flags);
        source = source == null ? LeadSource.BADGE : source;
    }

    /** What a lead keeps of an accepted scan (the qualification taken with it goes into the lead itself). */
    static ScanRecord of(ScanAccepted scan) {
        return new ScanRecord(scan.scanId(), scan.staffId(), scan.deviceId(), scan.scannedAt(), scan.receivedAt(), scan.flags(),
                scan.source());
    }

    /** Who scanned: the staff member, or the shared booth device. */
    public String scanner() {
        return staffId != null ? staffId : deviceId;
    }
}
