package io.expoleads.lead.scan;

/** What became of one scan. */
enum ScanStatus {
    /** Taken: it is on {@code expo.scans.v1}. */
    ACCEPTED,
    /** This scan id was taken before for the same badge; nothing changed. */
    DUPLICATE,
    /** Refused, with the reason; nothing changed. */
    REJECTED
}
