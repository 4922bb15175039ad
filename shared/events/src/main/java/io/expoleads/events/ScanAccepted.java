package io.expoleads.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A badge scan that passed every check at the booth, on {@link Topics#SCANS} before the
 * scanner gets its answer. The qualification taken at the booth travels with it.
 *
 * @param scanId      made by the scanning client; the same scan sent twice keeps one id
 * @param staffId     the scanning staff member, null for a shared booth device
 * @param deviceId    the shared booth device, null for a staff member's own phone
 * @param scannedAt   the device's clock
 * @param receivedAt  the server's clock when the scan arrived
 * @param rating      1 to 5, or null
 * @param formVersion the qualification form version the answers follow, null without answers
 * @param answers     answers by question key, already checked against that form version
 * @param note        the scanner's note, or null
 * @param flags       why the scan deserves a second look; it is kept all the same
 * @param sealed      on the topic: the answers, tags and note encrypted under the visitor's key,
 *                    those three components then being empty; null in clear
 * @param source      how the visitor was identified: their badge, a directory lookup, or typed in at the
 *                    booth (a walk-in, whose attendeeId names the visitor record made for them); absent in
 *                    records written before it existed, which were all badge scans (read as BADGE)
 */
public record ScanAccepted(
        String scanId,
        String exhibitorId,
        String editionId,
        String attendeeId,
        String staffId,
        String deviceId,
        Instant scannedAt,
        Instant receivedAt,
        Integer rating,
        Integer formVersion,
        Map<String, Object> answers,
        List<String> tags,
        String note,
        List<ScanFlag> flags,
        Sealed sealed,
        LeadSource source) {

    public ScanAccepted {
        Contract.requireText(scanId, "scanId");
        Contract.requireText(exhibitorId, "exhibitorId");
        Contract.requireText(editionId, "editionId");
        Contract.requireText(attendeeId, "attendeeId");
        Objects.requireNonNull(scannedAt, "scannedAt is required");
        Objects.requireNonNull(receivedAt, "receivedAt is required");
        answers = answers == null ? Map.of() : Map.copyOf(answers);
        tags = tags == null ? List.of() : List.copyOf(tags);
        flags = flags == null ? List.of() : List.copyOf(flags);
        source = source == null ? LeadSource.BADGE : source;
    }

    /** A badge scan, sealed or not. */
    public ScanAccepted(String scanId, String exhibitorId, String editionId, String attendeeId, String staffId,
                        String deviceId, Instant scannedAt, Instant receivedAt, Integer rating, Integer formVersion,
                        Map<String, Object> answers, List<String> tags, String note, List<ScanFlag> flags, Sealed sealed) {
        this(scanId, exhibitorId, editionId, attendeeId, staffId, deviceId, scannedAt, receivedAt, rating, formVersion,
                answers, tags, note, flags, sealed, LeadSource.BADGE);
    }

    /** A scan in clear, nothing sealed. */
    public ScanAccepted(String scanId, String exhibitorId, String editionId, String attendeeId, String staffId,
                        String deviceId, Instant scannedAt, Instant receivedAt, Integer rating, Integer formVersion,
                        Map<String, Object> answers, List<String> tags, String note, List<ScanFlag> flags) {
        this(scanId, exhibitorId, editionId, attendeeId, staffId, deviceId, scannedAt, receivedAt, rating, formVersion,
                answers, tags, note, flags, (Sealed) null);
    }

    /** The same scan, identified that way. */
    public ScanAccepted withSource(LeadSource how) {
        return new ScanAccepted(scanId, exhibitorId, editionId, attendeeId, staffId, deviceId, scannedAt, receivedAt, rating,
                formVersion, answers, tags, note, flags, sealed, how);
    }

    /** Whether the scanner qualified the visitor at the booth, beyond the scan itself. */
    public boolean qualifies() {
        return rating != null || !answers.isEmpty() || !tags.isEmpty() || (note != null && !note.isBlank());
    }
}
