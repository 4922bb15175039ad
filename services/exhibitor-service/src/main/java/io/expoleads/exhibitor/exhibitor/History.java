package io.expoleads.exhibitor.exhibitor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The exhibitor's changes, kept for the organizer: who did what, when; only ever appended to.
 *
 * @param changes oldest first
 */
public record History(List<ChangeRecord> changes) {

    /** Nothing yet: an application's (a draft's changes are not history). */
    public static final History NONE = new History(List.of());

    public History {
        changes = changes == null ? List.of() : List.copyOf(changes);
    }

    History recorded(Instant at, String actor, String action, String detail) {
        List<ChangeRecord> recorded = new ArrayList<>(changes);
        recorded.add(new ChangeRecord(at, actor, action, detail));
        return new History(recorded);
    }
}
