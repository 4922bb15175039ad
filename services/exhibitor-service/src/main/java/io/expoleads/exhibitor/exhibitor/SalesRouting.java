package io.expoleads.exhibitor.exhibitor;

import java.util.List;
import java.util.Optional;

import io.expoleads.events.NotificationSettings;

/**
 * Where the exhibitor's leads go and when (its notification settings), once its admin set them;
 * until then its sales team is the one the application named.
 *
 * @param settings the admin's settings, or null before they set any
 */
public record SalesRouting(NotificationSettings settings) {

    /** Nothing set: an application's. */
    public static final SalesRouting UNSET = new SalesRouting(null);

    /** @return the routing with these settings, or empty when they are the current ones */
    Optional<SalesRouting> changedTo(NotificationSettings changed) {
        return changed.equals(settings) ? Optional.empty() : Optional.of(new SalesRouting(changed));
    }

    /**
     * The settings in force: the admin's, or before they set any, every new lead alerted at once to the
     * application's sales emails, no digest, files as CSV.
     */
    public NotificationSettings inForce(ExhibitorProfile profile) {
        return settings != null ? settings : new NotificationSettings(profile.salesEmails(), "ALL", null, "OFF", null, "CSV");
    }

    /** Who gets the leads: the settings' sales emails, or the application's before any settings. */
    public List<String> salesEmails(ExhibitorProfile profile) {
        return settings == null ? profile.salesEmails() : settings.salesEmails();
    }
}
