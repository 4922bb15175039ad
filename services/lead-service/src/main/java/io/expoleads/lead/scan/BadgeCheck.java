package io.expoleads.lead.scan;

import io.expoleads.lead.attendee.Attendee;
import io.expoleads.lead.badge.VerifiedBadge;

/**
 * The outcome of a scan's first check, who the visitor is: a badge genuine for the exhibitor's
 * edition, a visitor looked up in the directory, a walk-in typed in with their consent, or refused, with why.
 */
sealed interface BadgeCheck permits BadgeCheck.Genuine, BadgeCheck.LookedUp, BadgeCheck.WalkedIn, ScanCheck.Refused {

    /** A badge whose signature, edition and number passed. */
    record Genuine(VerifiedBadge badge) implements BadgeCheck {
    }

    /**
     * A visitor without a readable badge, picked from the directory search: whether they are in the
     * exhibitor's edition and not erased is checked next, on the attendee, as for a badge.
     */
    record LookedUp(String attendeeId) implements BadgeCheck {
    }

    /**
     * A visitor with no registration whose details and consent passed their checks: the record made
     * for them, kept before the scan goes to Kafka unless a first send of the same scan kept it.
     */
    record WalkedIn(Attendee visitor) implements BadgeCheck {
    }
}
