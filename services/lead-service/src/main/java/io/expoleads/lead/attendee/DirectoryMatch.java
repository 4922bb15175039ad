package io.expoleads.lead.attendee;

/**
 * A visitor found by a booth's directory search: the attendee id to take the lead with, and only
 * what the organizer lets the edition's exhibitors see, never their email or phone.
 */
public record DirectoryMatch(String attendeeId, String registrationId, String firstName, String lastName, String company,
                             String jobTitle, String country) {
}
