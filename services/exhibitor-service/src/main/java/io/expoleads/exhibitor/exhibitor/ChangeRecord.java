package io.expoleads.exhibitor.exhibitor;

import java.time.Instant;

/** One change of an exhibitor, kept for the organizer: who did what, when. */
public record ChangeRecord(Instant at, String actor, String action, String detail) {
}
