package io.expoleads.lead.scan;

import io.expoleads.lead.badge.VerifiedBadge;

/** The outcome of a scan's first check, its badge: genuine for the exhibitor's edition, or refused, with why. */
sealed interface BadgeCheck permits BadgeCheck.Genuine, ScanCheck.Refused {

    /** A badge whose signature, edition and number passed. */
    record Genuine(VerifiedBadge badge) implements BadgeCheck {
    }
}
