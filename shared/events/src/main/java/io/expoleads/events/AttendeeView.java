package io.expoleads.events;

/**
 * A registered visitor as the badge directory knows them.
 *
 * @param shareContact whether the visitor agreed to share contact data with exhibitors
 */
public record AttendeeView(
        String attendeeId,
        String editionId,
        String registrationId,
        String firstName,
        String lastName,
        String company,
        String jobTitle,
        String email,
        String phone,
        String country,
        boolean shareContact) {

    public AttendeeView {
        Contract.requireText(attendeeId, "attendeeId");
        Contract.requireText(editionId, "editionId");
    }
}
