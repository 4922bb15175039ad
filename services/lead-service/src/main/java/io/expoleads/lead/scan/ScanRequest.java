package io.expoleads.lead.scan;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.expoleads.lead.attendee.WalkInVisitor;
import jakarta.validation.constraints.NotNull;
import tools.jackson.databind.JsonNode;

/**
 * One scan as a scanner sends it. The exhibitor, the staff member and the device come from the
 * access token, never from here.
 *
 * @param scanId      made by the scanner, so a resent scan is recognised
 * @param badge       the badge payload read from the QR code (or typed); or else
 * @param lookup      the visitor staff found in the directory search, for one without a readable
 *                    badge; or else
 * @param walkIn      a visitor with no registration, typed in at the booth with the consent they gave
 *                    on the phone (exactly one of {@code badge}, {@code lookup} and {@code walkIn})
 * @param scannedAt   the scanner's clock
 * Limits on the badge, tags and note are checked scan by scan, so one bad scan in an offline
 * queue is refused alone.
 *
 * @param rating      1 to 5, optional
 * @param formVersion the qualification form version the answers follow; the current one if absent
 * @param answers     answers by question key, optional
 * @param tags        optional
 * @param note        the scanner's own note, optional
 */
record ScanRequest(
        @NotNull UUID scanId,
        String badge,
        Lookup lookup,
        WalkInVisitor walkIn,
        @NotNull Instant scannedAt,
        JsonNode rating,
        Integer formVersion,
        Map<String, JsonNode> answers,
        List<String> tags,
        String note) {

    /** A visitor identified by a directory search: their attendee id, as the search answered it. */
    record Lookup(String attendeeId) {
    }

    /** Whether the visitor was looked up rather than their badge read. */
    boolean lookedUp() {
        return lookup != null;
    }

    /** Whether the visitor was typed in at the booth, having no registration. */
    boolean walkedIn() {
        return walkIn != null;
    }

    /** Whether a badge was read (or typed). */
    boolean badgeRead() {
        return badge != null && !badge.isBlank();
    }

    /**
     * What identifies the visitor, to recognise the same scan queued twice: the badge as read, the
     * looked-up attendee id, or for a walk-in the scan itself (the visitor record it makes is named
     * after the scan id, so the same scan id is the same walk-in).
     */
    String subject() {
        if (walkedIn()) {
            return "walk-in";
        }
        return lookedUp() ? "lookup:" + lookup.attendeeId() : "badge:" + (badge == null ? "" : badge.strip());
    }
}
