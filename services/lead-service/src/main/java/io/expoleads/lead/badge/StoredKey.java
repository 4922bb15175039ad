package io.expoleads.lead.badge;

import java.time.Instant;

/**
 * One edition's badge key as kept in {@code badge_keys}: Ed25519, both halves base64url-encoded.
 * {@code generation} counts the edition's keys from 1; the newest signs, all of them verify.
 * Read without {@code privateKey} wherever only verifying is meant.
 */
record StoredKey(String id, String editionId, long generation, String publicKey, String privateKey, Instant createdAt) {

    @Override
    public String toString() {
        return "StoredKey[id=" + id + ", editionId=" + editionId + ", generation=" + generation + ", createdAt=" + createdAt + "]";
    }
}
