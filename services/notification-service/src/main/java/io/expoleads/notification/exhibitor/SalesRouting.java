package io.expoleads.notification.exhibitor;

import java.util.List;

import io.expoleads.events.ExhibitorStatus;

/** Where an exhibitor's leads go, kept from {@code expo.exhibitors.v1}. */
public record SalesRouting(String id, String editionId, long revision, ExhibitorStatus status, String companyName,
                           String language, List<String> salesEmails) {

    public SalesRouting {
        salesEmails = salesEmails == null ? List.of() : List.copyOf(salesEmails);
    }
}
