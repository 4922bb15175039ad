package io.expoleads.events;

import java.time.Instant;

/**
 * A visitor's data key on {@link Topics#VISITOR_KEYS}: a Tink keyset wrapped (encrypted) under
 * the key-encryption key only the services hold, so neither a topic nor a database dump reveals
 * it. A tombstone for the attendeeId means the visitor was erased and the key is gone.
 *
 * @param wrapped base64 of the keyset encrypted under the key-encryption key, the attendeeId as
 *                associated data
 */
public record VisitorKey(String attendeeId, String editionId, String wrapped, Instant createdAt) {

    public VisitorKey {
        Contract.requireText(attendeeId, "attendeeId");
        Contract.requireText(editionId, "editionId");
        Contract.requireText(wrapped, "wrapped");
    }
}
