package io.expoleads.lead.attendee;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RegistrationTest {

    @Test
    void a_row_needs_a_registration_id_and_a_name_and_a_well_formed_email() {
        assertThat(new Registration(" ", null, " ", null, null, "salma@", null, null, null).problems(7))
                .containsExactly(new ImportReport.Rejection(7, "registrationId", "is required"),
                        new ImportReport.Rejection(7, "lastName", "a first or last name is required"),
                        new ImportReport.Rejection(7, "email", "is not an email address"));
        assertThat(new Registration("R-1", "سلمى", null, null, null, " salma@example.ma ", null, null, null).problems(1)).isEmpty();
    }

    @Test
    void long_values_and_control_characters_are_refused_field_by_field() {
        assertThat(new Registration("R-1", "x".repeat(201), "Benali", "Casa\tTransport", null, null, null, null, null).problems(2))
                .containsExactly(new ImportReport.Rejection(2, "firstName", "is longer than 200 characters"),
                        new ImportReport.Rejection(2, "company", "contains control characters"));
    }

    @Test
    void values_are_stored_stripped_and_blanks_as_absent() {
        Attendee attendee = new Registration(" R-1 ", " Hélène ", "", "  ", null, null, null, "FR", null).toAttendee("a-1", "e-1");

        assertThat(attendee.registrationId()).isEqualTo("R-1");
        assertThat(attendee.firstName()).isEqualTo("Hélène");
        assertThat(attendee.lastName()).isNull();
        assertThat(attendee.company()).isNull();
        assertThat(attendee.shareContact()).as("no answer is no consent").isFalse();
    }
}
