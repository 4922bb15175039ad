package io.expoleads.events;

import java.time.Instant;
import java.util.Objects;

/**
 * A badge scan that passed every check at the booth, on {@link Topics#SCANS} before the
 * scanner gets its answer.
 *
 * @param scanId     made by the scanning client; the same scan sent twice keeps one id
 * @param scannedAt  the device's clock
 * @param receivedAt the server's clock when the scan arrived
 */
public record ScanAccepted(
        String scanId,
        String exhibitorId,
        String editionId,
        String attendeeId,
        String staffId,
        String deviceId,
        Instant scannedAt,
        Instant receivedAt) {

    public ScanAccepted {
        Contract.requireText(scanId, "scanId");
        Contract.requireText(exhibitorId, "exhibitorId");
        Contract.requireText(editionId, "editionId");
        Contract.requireText(attendeeId, "attendeeId");
        Objects.requireNonNull(scannedAt, "scannedAt is required");
        Objects.requireNonNull(receivedAt, "receivedAt is required");
    }
}
