package io.expoleads.events;

import java.util.List;

/**
 * Where an exhibitor's leads go and when.
 *
 * @param alertOn      which new leads are alerted at once: ALL, HOT (matching {@code hotLead}) or NONE
 * @param digest       OFF, HOURLY or DAILY
 * @param digestTime   for DAILY, the local time of the edition ({@code HH:mm})
 * @param exportFormat CSV or XLSX, for digests' attachments
 */
public record NotificationSettings(List<String> salesEmails, String alertOn, HotLeadRule hotLead, String digest,
                                   String digestTime, String exportFormat) {

    public NotificationSettings {
        salesEmails = salesEmails == null ? List.of() : List.copyOf(salesEmails);
    }

    /**
     * A lead is hot when any given condition holds: a rating at least {@code minRating}, one of
     * {@code tags}, or the answer to {@code questionKey} equal to {@code answer}.
     */
    public record HotLeadRule(Integer minRating, List<String> tags, String questionKey, String answer) {

        public HotLeadRule {
            tags = tags == null ? List.of() : List.copyOf(tags);
        }
    }
}
