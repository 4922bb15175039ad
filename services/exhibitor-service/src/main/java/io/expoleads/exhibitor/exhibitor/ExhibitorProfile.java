package io.expoleads.exhibitor.exhibitor;

import java.util.List;

/**
 * What an applicant tells the organizer about the company.
 *
 * @param legalId            the ICE (15 digits) for a Moroccan company, free form otherwise
 * @param requestedBoothArea square metres the applicant asks for
 * @param requestedSeats     how many staff the applicant would like to scan
 */
public record ExhibitorProfile(
        String companyName,
        String legalId,
        Sector sector,
        String website,
        String country,
        String contactName,
        String contactEmail,
        String language,
        List<String> salesEmails,
        Double requestedBoothArea,
        Integer requestedSeats) {

    public ExhibitorProfile {
        salesEmails = salesEmails == null ? List.of() : List.copyOf(salesEmails);
    }
}
