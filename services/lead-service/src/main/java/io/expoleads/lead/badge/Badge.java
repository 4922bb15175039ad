package io.expoleads.lead.badge;

/** An attendee's current badge: {@code payload} is what its QR code holds. */
record Badge(String attendeeId, String editionId, String keyId, long badgeNumber, String payload) {
}
