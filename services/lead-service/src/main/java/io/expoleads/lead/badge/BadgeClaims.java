package io.expoleads.lead.badge;

/** What a badge asserts: whose it is, for which edition, and which of the attendee's badges it is. */
record BadgeClaims(String editionId, String attendeeId, long badgeNumber) {
}
