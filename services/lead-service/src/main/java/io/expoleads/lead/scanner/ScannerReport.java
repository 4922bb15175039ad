package io.expoleads.lead.scanner;

import java.time.Instant;

/**
 * What a booth scanner says of itself, with each upload and once a minute while online. The
 * exhibitor, the staff member or the device come from the access token, never from here.
 *
 * @param unsent         scans of the exhibitor still on the phone, waiting to go up
 * @param oldestUnsentAt when the oldest of them was taken (the phone's clock); null when none waits
 * @param lastUploadAt   when the phone last had a scan stored by the server; null before its first
 * @param appVersion     the scanner app's version, such as {@code 2026.12.1}
 */
record ScannerReport(Long unsent, Instant oldestUnsentAt, Instant lastUploadAt, String appVersion) {
}
