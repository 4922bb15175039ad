package io.expoleads.lead.attendee;

/** The organizer changed which attendee fields the exhibitors of this edition see. */
public record AttendeeVisibilityChanged(String editionId) {
}
