package io.expoleads.events;

import java.time.Instant;
import java.util.Objects;

/**
 * A lead (one per exhibitor and attendee) as sales teams see it.
 *
 * @param attendee only the attendee data this exhibitor may see
 */
public record LeadView(
        String leadId,
        String exhibitorId,
        String editionId,
        long revision,
        AttendeeView attendee,
        int scanCount,
        Instant firstScanAt,
        Instant lastScanAt,
        String lastScannedBy) {

    public LeadView {
        Contract.requireText(leadId, "leadId");
        Contract.requireText(exhibitorId, "exhibitorId");
        Contract.requireText(editionId, "editionId");
        Objects.requireNonNull(attendee, "attendee is required");
    }
}
