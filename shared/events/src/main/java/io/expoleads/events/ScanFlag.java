package io.expoleads.events;

/**
 * Why an accepted scan deserves a second look. Flagged scans are kept and counted like any other:
 * a wrong device clock must never cost a lead.
 */
public enum ScanFlag {
    /** The device clock stamped the scan well after the server received it. */
    FUTURE_SCAN_TIME,
    /** The scan time falls on a day outside the edition's dates, in the edition's time zone. */
    OUTSIDE_EDITION_DATES
}
