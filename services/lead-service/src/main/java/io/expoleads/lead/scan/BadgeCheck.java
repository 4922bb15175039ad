package io.expoleads.lead.scan;

import io.expoleads.lead.badge.VerifiedBadge;

/**
 * The outcome of a scan's first check, who the visitor is: a badge genuine for the exhibitor's
 * edition, a visitor looked up in the directory, or refused, with why.
 */
sealed interface BadgeCheck permits BadgeCheck.Genuine, BadgeCheck.LookedUp, ScanCheck.Refused {

    /** A badge whose signature, edition and number passed. */
    record Genuine(VerifiedBadge badge) implements BadgeCheck {
    }

    /**
     * A visitor without a readable badge, picked from the directory search: whether they are in the
     * exhibitor's edition and not erased is checked next, on the attendee, as for a badge.
     */
    record LookedUp(String attendeeId) implements BadgeCheck {
    }
}
