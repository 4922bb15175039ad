package io.expoleads.events;

import java.time.Instant;

/**
 * One author's note on a lead. Each staff member has their own note, so one member's edit never
 * erases another's.
 *
 * @param authorId the staff id, or the account id of an admin or device, that wrote it
 */
public record LeadNote(String authorId, String text, Instant updatedAt) {

    public LeadNote {
        Contract.requireText(authorId, "authorId");
        Contract.requireText(text, "text");
    }
}
