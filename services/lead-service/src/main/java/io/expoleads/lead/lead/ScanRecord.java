package io.expoleads.lead.lead;

import java.time.Instant;

/** One scan of the lead's badge: who scanned, with which device, when. */
public record ScanRecord(String scanId, String staffId, String deviceId, Instant scannedAt, Instant receivedAt) {
}
