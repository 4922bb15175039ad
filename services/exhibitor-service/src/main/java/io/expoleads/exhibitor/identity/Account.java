package io.expoleads.exhibitor.identity;

import java.time.Instant;
import java.util.Set;

/**
 * Someone, or some device, that signs in: the organizer, an exhibitor's admin or staff member, a
 * booth device. Only a hash of the password is kept.
 *
 * @param id          the sign-in name (an email address, or {@code organizer})
 * @param exhibitorId the exhibitor an admin, staff member or device belongs to; null for the organizer
 * @param staffId     the staff member a STAFF account is, as the exhibitor's staff list names them
 * @param language    the language its holder chose in an app ({@link #LANGUAGES}), which the apps open in
 *                    and the emails to its holder are written in; null until chosen
 */
public record Account(String id, String passwordHash, Set<Role> roles, String exhibitorId, String staffId, boolean active,
                      Instant createdAt, String language) {

    /** The languages the apps and emails are written in. */
    public static final Set<String> LANGUAGES = Set.of("fr", "en", "ar");

    public Account {
        roles = Set.copyOf(roles);
    }
}
