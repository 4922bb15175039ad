package io.expoleads.lead.scan;

import java.util.Map;

import io.expoleads.events.ScanAccepted;
import io.expoleads.lead.attendee.Attendee;

/** The outcome of a scan's checks ({@link ScanChecks}): passed, ready to go to Kafka, or refused, with why. */
sealed interface ScanCheck permits ScanCheck.Passed, ScanCheck.Refused {

    /** A scan that passed its checks, ready to go to Kafka. */
    record Passed(ScanAccepted scan, Attendee attendee) implements ScanCheck {
    }

    /**
     * Why one scan was refused: the problem's {@code reason}, its detail, and the request fields at
     * fault (empty when the scan as a whole is refused).
     */
    record Refused(String reason, String message, Map<String, String> fields) implements ScanCheck, BadgeCheck {

        static final String ATTENDEE_ERASED = "ATTENDEE_ERASED";
        static final String SCAN_ID_REUSED = "SCAN_ID_REUSED";
        static final String UNKNOWN_ATTENDEE = "UNKNOWN_ATTENDEE";
        /** Neither a badge, a lookup nor a walk-in, or more than one: the scan does not say who the visitor is. */
        static final String BADGE_OR_LOOKUP = "BADGE_OR_LOOKUP";

        static Refused erased() {
            return new Refused(ATTENDEE_ERASED, "This visitor's data was erased at their request: the badge is no longer valid",
                    Map.of());
        }

        static Refused erasedLookup() {
            return new Refused(ATTENDEE_ERASED, "This visitor's data was erased at their request: no lead can be taken on them",
                    Map.of());
        }

        static Refused reused(String scanId) {
            return new Refused(SCAN_ID_REUSED, "scanId " + scanId + " was already used for another badge", Map.of());
        }
    }
}
