package io.expoleads.lead.attendee;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** One row of a registration import, as the registration system sends it. */
record Registration(
        String registrationId,
        String firstName,
        String lastName,
        String company,
        String jobTitle,
        String email,
        String phone,
        String country,
        Boolean shareContact) {

    static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final int MAX_TEXT = 200;
    private static final Pattern CONTROL = Pattern.compile("\\p{Cc}");

    List<ImportReport.Rejection> problems(int row) {
        List<ImportReport.Rejection> problems = new ArrayList<>();
        if (registrationId == null || registrationId.isBlank()) {
            problems.add(new ImportReport.Rejection(row, "registrationId", "is required"));
        }
        if (isBlank(firstName) && isBlank(lastName)) {
            problems.add(new ImportReport.Rejection(row, "lastName", "a first or last name is required"));
        }
        if (!isBlank(email) && !EMAIL.matcher(email.strip()).matches()) {
            problems.add(new ImportReport.Rejection(row, "email", "is not an email address"));
        }
        checkLength(problems, row, "registrationId", registrationId);
        checkLength(problems, row, "firstName", firstName);
        checkLength(problems, row, "lastName", lastName);
        checkLength(problems, row, "company", company);
        checkLength(problems, row, "jobTitle", jobTitle);
        checkLength(problems, row, "email", email);
        checkLength(problems, row, "phone", phone);
        checkLength(problems, row, "country", country);
        return problems;
    }

    Attendee toAttendee(String id, String editionId) {
        return new Attendee(id, editionId, registrationId.strip(), clean(firstName), clean(lastName), clean(company),
                clean(jobTitle), clean(email), clean(phone), clean(country), Boolean.TRUE.equals(shareContact), 0, null);
    }

    private static void checkLength(List<ImportReport.Rejection> problems, int row, String field, String value) {
        if (value != null && value.length() > MAX_TEXT) {
            problems.add(new ImportReport.Rejection(row, field, "is longer than " + MAX_TEXT + " characters"));
        }
        if (value != null && CONTROL.matcher(value).find()) {
            // Line breaks and other control characters would reach email headers and exported files.
            problems.add(new ImportReport.Rejection(row, field, "contains control characters"));
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static String clean(String value) {
        return isBlank(value) ? null : value.strip();
    }
}
