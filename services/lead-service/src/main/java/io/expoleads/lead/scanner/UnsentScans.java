package io.expoleads.lead.scanner;

import java.time.Instant;
import java.util.List;

/** The help desk's view of an edition: the exhibitors whose phones or devices hold scans not sent yet. */
record UnsentScans(String editionId, List<Exhibitor> exhibitors) {

    /**
     * One exhibitor's phones and devices with scans waiting.
     *
     * @param unsent         the scans waiting on all of them
     * @param oldestUnsentAt the oldest of those scans
     * @param stuck          whether any phone's scans have waited longer than the limit
     */
    record Exhibitor(String exhibitorId, String companyName, String boothCode, long unsent, Instant oldestUnsentAt,
                     boolean stuck, List<ScannerState> scanners) {
    }
}
