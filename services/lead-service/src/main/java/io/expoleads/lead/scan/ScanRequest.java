package io.expoleads.lead.scan;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import tools.jackson.databind.JsonNode;

/**
 * One scan as a scanner sends it. The exhibitor, the staff member and the device come from the
 * access token, never from here.
 *
 * @param scanId      made by the scanner, so a resent scan is recognised
 * @param badge       the badge payload read from the QR code (or typed)
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
        @NotBlank String badge,
        @NotNull Instant scannedAt,
        JsonNode rating,
        Integer formVersion,
        Map<String, JsonNode> answers,
        List<String> tags,
        String note) {
}
