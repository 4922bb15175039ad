package io.expoleads.lead.lead;

import java.time.Instant;
import java.util.List;

import io.expoleads.events.ScanAccepted;
import io.expoleads.events.ScanFlag;

/** One scan of the lead's badge: who scanned, with which device, when, and what looked odd about it. */
public record ScanRecord(String scanId, String staffId, String deviceId, Instant scannedAt, Instant receivedAt,
                         List<ScanFlag> flags) {

    public ScanRecord {
        flags = flags == null ? List.of() : List.copyOf(flags);
    }

    /** What a lead keeps of an accepted scan (the qualification taken with it goes into the lead itself). */
    static ScanRecord of(ScanAccepted scan) {
        return new ScanRecord(scan.scanId(), scan.staffId(), scan.deviceId(), scan.scannedAt(), scan.receivedAt(), scan.flags());
    }

    /** Who scanned: the staff member, or the shared booth device. */
    public String scanner() {
        return staffId != null ? staffId : deviceId;
    }
}
