package io.expoleads.lead.lead;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import io.expoleads.events.ScanAccepted;

/**
 * One author's change to a lead's qualification: only what is set here changes. Answers are
 * merged by question key (a null value removes an answer), tags are added and removed rather than
 * replaced, and the note is the author's own, so edits by two staff members at the same moment
 * both survive.
 *
 * @param rating       the new rating, when {@code changesRating}; null then clears it
 * @param formVersion  the form version the answers follow; null keeps the lead's
 * @param answers      answers to set (already checked against the form), null values remove
 * @param replaceTags  when not null, the lead's tags become exactly these
 * @param addTags      tags to add
 * @param removeTags   tags to remove
 * @param followUp     the new follow-up flag, or null to keep it
 * @param note         the author's new note, when {@code changesNote}; null or blank deletes it
 */
public record Qualification(
        String authorId,
        Instant at,
        boolean changesRating,
        Integer rating,
        Integer formVersion,
        Map<String, Object> answers,
        Set<String> replaceTags,
        Set<String> addTags,
        Set<String> removeTags,
        Boolean followUp,
        boolean changesNote,
        String note) {

    public Qualification {
        answers = answers == null ? Map.of() : answers;
        addTags = addTags == null ? Set.of() : addTags;
        removeTags = removeTags == null ? Set.of() : removeTags;
    }

    /**
     * The qualification taken at the booth with a scan, authored by its scanner (the staff member,
     * else the shared device, else "booth"): it sets only what the scan carries (a rating, answers,
     * tags to add, the scanner's own note), never clears what others gave.
     */
    static Qualification atBooth(ScanAccepted scan) {
        ScanRecord record = ScanRecord.of(scan);
        return new Qualification(record.scanner() == null ? "booth" : record.scanner(), scan.receivedAt(),
                scan.rating() != null, scan.rating(), scan.formVersion(), new HashMap<>(scan.answers()), null,
                new LinkedHashSet<>(scan.tags()), null, null, scan.note() != null && !scan.note().isBlank(), scan.note());
    }
}
