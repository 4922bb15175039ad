package io.expoleads.lead.scanner;

import java.time.Instant;

/**
 * One phone's or booth device's state as its exhibitor's team and the help desk see it.
 *
 * @param phoneId        the scanner install's own random id (no personal data)
 * @param kind           STAFF (a staff member's phone) or DEVICE (a booth device set up by the exhibitor)
 * @param scannerId      the staff member's or the device's id, whoever reported last from that phone
 * @param name           that staff member's or device's name in the team, or its id when not known
 * @param lastSeenAt     when the server last heard from the phone (the server's clock)
 * @param stuck          scans have waited on it longer than the service's limit (15 minutes)
 */
public record ScannerState(String phoneId, String kind, String scannerId, String name, Instant lastSeenAt, long unsent,
                           Instant oldestUnsentAt, Instant lastUploadAt, String appVersion, boolean stuck) {
}
