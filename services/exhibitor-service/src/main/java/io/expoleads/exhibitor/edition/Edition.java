package io.expoleads.exhibitor.edition;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.expoleads.events.EditionView;
import io.expoleads.platform.outbox.OutboxEntry;

/**
 * One edition of a fair: where, when, in which time zone and languages, with which halls. Its
 * revision grows by one with every change; its pending {@code expo.editions.v1} events wait in
 * {@link #outbox()}, written in the same document as the change they describe.
 */
public record Edition(
        String id,
        long revision,
        String name,
        String venue,
        LocalDate startDate,
        LocalDate endDate,
        String timeZone,
        List<String> languages,
        List<String> halls,
        Integer retentionMonths,
        List<OutboxEntry> outbox) {

    /**
     * @param retentionMonths how many months after its last day the edition's personal data is kept;
     *                        null (editions from before retention was chosen) means the default
     */
    public Edition {
        languages = languages == null ? List.of() : List.copyOf(languages);
        halls = halls == null ? List.of() : List.copyOf(halls);
        outbox = outbox == null ? List.of() : List.copyOf(outbox);
    }

    /** The same edition at {@code nextRevision}. */
    Edition at(long nextRevision) {
        return new Edition(id, nextRevision, name, venue, startDate, endDate, timeZone, languages, halls, retentionMonths,
                outbox);
    }

    /** The same edition with {@code event} waiting in its outbox. */
    Edition withEvent(OutboxEntry event) {
        List<OutboxEntry> pending = new ArrayList<>(outbox);
        pending.add(event);
        return new Edition(id, revision, name, venue, startDate, endDate, timeZone, languages, halls, retentionMonths,
                pending);
    }

    /** Whether {@code other} has the same details, whatever its revision and outbox. */
    boolean sameDetails(Edition other) {
        return Objects.equals(id, other.id) && Objects.equals(name, other.name) && Objects.equals(venue, other.venue)
                && Objects.equals(startDate, other.startDate) && Objects.equals(endDate, other.endDate)
                && Objects.equals(timeZone, other.timeZone) && languages.equals(other.languages) && halls.equals(other.halls)
                && retention() == other.retention();
    }

    /** The months personal data is kept after the last day: the organizer's choice, or the default. */
    public int retention() {
        return retentionMonths == null ? EditionView.DEFAULT_RETENTION_MONTHS : retentionMonths;
    }

    /** When the edition's personal data is purged: the end of its last retention day, in its zone. */
    public Instant purgeAt() {
        return EditionView.purgeAt(endDate, retention(), ZoneId.of(timeZone));
    }

    /** What other services see of the edition, at the current revision. */
    public EditionView view() {
        return new EditionView(id, revision, name, startDate, endDate, timeZone, purgeAt());
    }
}
