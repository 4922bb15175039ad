package io.expoleads.events;

/**
 * A registered visitor as the badge directory knows them.
 *
 * On a topic every personal field (registrationId, names, company, job title, email, phone,
 * country) is null and travels in {@code sealed} instead; only the ids and {@code shareContact}
 * stay clear. A consumer opens the view (PersonalSeal) right after reading it.
 *
 * @param shareContact whether the visitor agreed to share contact data with exhibitors
 * @param sealed       the personal fields, encrypted under the visitor's key; null in a service's
 *                     own store and on an erased visitor's events
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
        boolean shareContact,
        Sealed sealed) {

    public AttendeeView {
        Contract.requireText(attendeeId, "attendeeId");
        Contract.requireText(editionId, "editionId");
    }

    /** A view in clear, nothing sealed. */
    public AttendeeView(String attendeeId, String editionId, String registrationId, String firstName, String lastName,
                        String company, String jobTitle, String email, String phone, String country,
                        boolean shareContact) {
        this(attendeeId, editionId, registrationId, firstName, lastName, company, jobTitle, email, phone, country,
                shareContact, null);
    }

    /** The view with nothing personal in it: the ids and the consent flag only. */
    public AttendeeView withoutPersonalData() {
        return new AttendeeView(attendeeId, editionId, null, null, null, null, null, null, null, null, shareContact, null);
    }
}
