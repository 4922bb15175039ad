package io.expoleads.notification.exhibitor;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.expoleads.events.ExhibitorStatus;
import io.expoleads.events.NotificationSettings.HotLeadRule;
import io.expoleads.events.QualificationForm;
import io.expoleads.platform.mail.MailLanguage;

/**
 * Where an exhibitor's leads go and which of them are alerted at once, kept from
 * {@code expo.exhibitors.v1}.
 *
 * @param language     "fr", "en" or "ar", the exhibitor's; anything else is written in French
 * @param alertOn      ALL (every captured lead), HOT (leads matching {@code hotLead}) or NONE; ALL when unknown
 * @param hotLead      the hot-lead rule, or null when the exhibitor has none
 * @param digest       OFF, HOURLY or DAILY; OFF when unknown
 * @param digestTime   for DAILY, the local time ({@code HH:mm}) in the edition's time zone
 * @param exportFormat CSV or XLSX, the digest's attachment
 * @param contactEmail the exhibitor admin's address, for notices; may be null
 * @param teamNames    display names of staff and devices by id
 * @param form         the current qualification form, or null
 */
public record SalesRouting(String id, String editionId, long revision, ExhibitorStatus status, String companyName,
                           String language, List<String> salesEmails, String alertOn, HotLeadRule hotLead,
                           String digest, String digestTime, String exportFormat, String contactEmail,
                           Map<String, String> teamNames, QualificationForm form) {

    public static final String ALERT_ALL = "ALL";
    public static final String ALERT_HOT = "HOT";
    public static final String ALERT_NONE = "NONE";

    public static final String DIGEST_OFF = "OFF";
    public static final String DIGEST_HOURLY = "HOURLY";
    public static final String DIGEST_DAILY = "DAILY";

    public SalesRouting {
        salesEmails = salesEmails == null ? List.of() : List.copyOf(salesEmails);
        alertOn = alertOn == null || alertOn.isBlank() ? ALERT_ALL : alertOn.strip().toUpperCase(Locale.ROOT);
        digest = digest == null || digest.isBlank() ? DIGEST_OFF : digest.strip().toUpperCase(Locale.ROOT);
        exportFormat = exportFormat == null || exportFormat.isBlank() ? "CSV" : exportFormat.strip().toUpperCase(Locale.ROOT);
        teamNames = teamNames == null ? Map.of() : Map.copyOf(teamNames);
    }

    /** The language the exhibitor's emails are written in. */
    public MailLanguage mailLanguage() {
        return MailLanguage.of(language);
    }

    /** The name of a staff member or device, or its id when the team never named it. */
    public String nameOf(String staffOrDeviceId) {
        return staffOrDeviceId == null ? null : teamNames.getOrDefault(staffOrDeviceId, staffOrDeviceId);
    }
}
