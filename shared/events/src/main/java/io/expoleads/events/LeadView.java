package io.expoleads.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A lead (one per exhibitor and attendee) as sales teams see it.
 *
 * @param attendee    only the attendee data this exhibitor may see
 * @param scannedBy   every staff member (or device) that scanned the visitor, first scan first
 * @param rating      1 to 5, or null when nobody rated the lead
 * @param formVersion the qualification form version the answers follow
 * @param answers     answers by question key
 * @param notes       one note per author
 * @param flags       flags of any of the lead's scans
 * @param sealed      on a topic: the attendee view, answers, tags and notes encrypted under the
 *                    visitor's key, those four components then being empty (attendee: ids and
 *                    consent only); null in a service's own store and on {@code LeadErased}
 * @param source      LOOKUP while no badge of the visitor was read at this booth (staff found them
 *                    in the directory), WALK_IN for a visitor with no registration whose details staff
 *                    typed with their consent, BADGE otherwise; absent in records written before it
 *                    existed (read as BADGE)
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
        String lastScannedBy,
        List<String> scannedBy,
        Integer rating,
        Integer formVersion,
        Map<String, Object> answers,
        List<String> tags,
        boolean followUp,
        List<LeadNote> notes,
        List<ScanFlag> flags,
        Sealed sealed,
        LeadSource source) {

    public LeadView {
        Contract.requireText(leadId, "leadId");
        Contract.requireText(exhibitorId, "exhibitorId");
        Contract.requireText(editionId, "editionId");
        Objects.requireNonNull(attendee, "attendee is required");
        scannedBy = scannedBy == null ? List.of() : List.copyOf(scannedBy);
        answers = answers == null ? Map.of() : Map.copyOf(answers);
        tags = tags == null ? List.of() : List.copyOf(tags);
        notes = notes == null ? List.of() : List.copyOf(notes);
        flags = flags == null ? List.of() : List.copyOf(flags);
        source = source == null ? LeadSource.BADGE : source;
    }

    /** A view of a lead taken by badge, sealed or not. */
    public LeadView(String leadId, String exhibitorId, String editionId, long revision, AttendeeView attendee,
                    int scanCount, Instant firstScanAt, Instant lastScanAt, String lastScannedBy, List<String> scannedBy,
                    Integer rating, Integer formVersion, Map<String, Object> answers, List<String> tags, boolean followUp,
                    List<LeadNote> notes, List<ScanFlag> flags, Sealed sealed) {
        this(leadId, exhibitorId, editionId, revision, attendee, scanCount, firstScanAt, lastScanAt, lastScannedBy,
                scannedBy, rating, formVersion, answers, tags, followUp, notes, flags, sealed, LeadSource.BADGE);
    }

    /** The same view, of a lead identified that way. */
    public LeadView withSource(LeadSource how) {
        return new LeadView(leadId, exhibitorId, editionId, revision, attendee, scanCount, firstScanAt, lastScanAt, lastScannedBy,
                scannedBy, rating, formVersion, answers, tags, followUp, notes, flags, sealed, how);
    }

    /** A view in clear, nothing sealed. */
    public LeadView(String leadId, String exhibitorId, String editionId, long revision, AttendeeView attendee,
                    int scanCount, Instant firstScanAt, Instant lastScanAt, String lastScannedBy, List<String> scannedBy,
                    Integer rating, Integer formVersion, Map<String, Object> answers, List<String> tags, boolean followUp,
                    List<LeadNote> notes, List<ScanFlag> flags) {
        this(leadId, exhibitorId, editionId, revision, attendee, scanCount, firstScanAt, lastScanAt, lastScannedBy,
                scannedBy, rating, formVersion, answers, tags, followUp, notes, flags, (Sealed) null);
    }
}
