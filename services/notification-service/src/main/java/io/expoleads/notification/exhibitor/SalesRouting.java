package io.expoleads.notification.exhibitor;

import java.util.List;
import java.util.Locale;

import io.expoleads.events.ExhibitorStatus;
import io.expoleads.events.NotificationSettings.HotLeadRule;

/**
 * Where an exhibitor's leads go and which of them are alerted at once, kept from
 * {@code expo.exhibitors.v1}.
 *
 * @param language "fr" or "en"; anything else is written in French
 * @param alertOn  ALL (every captured lead), HOT (leads matching {@code hotLead}) or NONE; ALL when unknown
 * @param hotLead  the hot-lead rule, or null when the exhibitor has none
 */
public record SalesRouting(String id, String editionId, long revision, ExhibitorStatus status, String companyName,
                           String language, List<String> salesEmails, String alertOn, HotLeadRule hotLead) {

    public static final String ALERT_ALL = "ALL";
    public static final String ALERT_HOT = "HOT";
    public static final String ALERT_NONE = "NONE";

    public SalesRouting {
        salesEmails = salesEmails == null ? List.of() : List.copyOf(salesEmails);
        alertOn = alertOn == null || alertOn.isBlank() ? ALERT_ALL : alertOn.strip().toUpperCase(Locale.ROOT);
    }

    public boolean english() {
        return "en".equalsIgnoreCase(language);
    }
}
