package io.expoleads.exhibitor.staff;

import java.time.Instant;

/**
 * An invitation to scan at an exhibitor's booth. Its token travels only in the email; what is
 * stored is the token's SHA-256 ({@code id}), so a copy of the database cannot accept it.
 */
record Invitation(String id, String exhibitorId, String email, String name, String language, String invitedBy,
                  Instant createdAt, Instant expiresAt, Instant acceptedAt) {

    boolean expired(Instant now) {
        return !now.isBefore(expiresAt);
    }

    boolean accepted() {
        return acceptedAt != null;
    }
}
