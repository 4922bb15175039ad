package io.expoleads.exhibitor.exhibitor;

import java.util.List;

/** What an applicant tells the organizer about the company. */
public record ExhibitorProfile(
        String companyName,
        String legalId,
        String sector,
        String website,
        String country,
        String contactName,
        String contactEmail,
        String language,
        List<String> salesEmails) {

    public ExhibitorProfile {
        salesEmails = salesEmails == null ? List.of() : List.copyOf(salesEmails);
    }
}
