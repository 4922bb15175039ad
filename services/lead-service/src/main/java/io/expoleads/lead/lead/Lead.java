package io.expoleads.lead.lead;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.expoleads.events.AttendeeView;
import io.expoleads.events.Contract;
import io.expoleads.events.LeadView;
import io.expoleads.platform.outbox.OutboxEntry;

/**
 * One exhibitor's lead on one attendee, however many staff scan them and however often. Keeps
 * every scan; its pending events live in the same document.
 */
public record Lead(
        String id,
        String exhibitorId,
        String editionId,
        String attendeeId,
        AttendeeView attendee,
        List<ScanRecord> scans,
        int scanCount,
        Instant firstScanAt,
        Instant lastScanAt,
        String lastScannedBy,
        long revision,
        List<OutboxEntry> outbox) {

    public Lead {
        scans = scans == null ? List.of() : List.copyOf(scans);
        outbox = outbox == null ? List.of() : List.copyOf(outbox);
    }

    /** The lead id of an exhibitor and attendee: one pair, one id, one lead. */
    public static String idOf(String exhibitorId, String attendeeId) {
        return Contract.deterministicId("lead", exhibitorId, attendeeId).toString();
    }

    static Lead firstScan(String exhibitorId, String editionId, AttendeeView attendee, ScanRecord scan) {
        return new Lead(idOf(exhibitorId, attendee.attendeeId()), exhibitorId, editionId, attendee.attendeeId(), attendee,
                List.of(scan), 1, scan.scannedAt(), scan.scannedAt(), scan.staffId(), 1, List.of());
    }

    boolean hasScan(String scanId) {
        return scans.stream().anyMatch(scan -> scan.scanId().equals(scanId));
    }

    Lead scannedAgain(ScanRecord scan) {
        List<ScanRecord> all = new ArrayList<>(scans);
        all.add(scan);
        Instant first = scan.scannedAt().isBefore(firstScanAt) ? scan.scannedAt() : firstScanAt;
        boolean latest = !scan.scannedAt().isBefore(lastScanAt);
        return new Lead(id, exhibitorId, editionId, attendeeId, attendee, all, scanCount + 1, first,
                latest ? scan.scannedAt() : lastScanAt, latest ? scan.staffId() : lastScannedBy, revision + 1, outbox);
    }

    Lead withEvent(OutboxEntry event) {
        List<OutboxEntry> pending = new ArrayList<>(outbox);
        pending.add(event);
        return new Lead(id, exhibitorId, editionId, attendeeId, attendee, scans, scanCount, firstScanAt, lastScanAt,
                lastScannedBy, revision, pending);
    }

    public LeadView view() {
        return new LeadView(id, exhibitorId, editionId, revision, attendee, scanCount, firstScanAt, lastScanAt, lastScannedBy,
                null, null, null, null, null, false, null, null);
    }
}
