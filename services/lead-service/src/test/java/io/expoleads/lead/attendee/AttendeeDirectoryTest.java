package io.expoleads.lead.attendee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class AttendeeDirectoryTest {

    private static Registration row(String registrationId, String lastName) {
        return new Registration(registrationId, null, lastName, null, null, null, null, null, null);
    }

    @Test
    void the_attendee_id_depends_on_edition_and_registration_only() {
        assertThat(AttendeeDirectory.attendeeId("e-1", "R-1")).isEqualTo(AttendeeDirectory.attendeeId("e-1", "R-1"))
                .isNotEqualTo(AttendeeDirectory.attendeeId("e-2", "R-1"))
                .isNotEqualTo(AttendeeDirectory.attendeeId("e-1", "R-2"));
    }

    @Test
    void a_registration_id_twice_in_one_upload_keeps_the_first_row_and_refuses_the_second() {
        AttendeeDirectory.Checked checked = AttendeeDirectory.check("e-1",
                List.of(row("R-1", "Benali"), row("R-2", "Idrissi"), row(" R-1 ", "Benali bis"), row("R-1", "Alaoui")), Map.of());

        assertThat(checked.accepted()).extracting(AttendeeDirectory.Row::number).containsExactly(1, 2);
        assertThat(checked.accepted().get(0).attendee().id()).isEqualTo(AttendeeDirectory.attendeeId("e-1", "R-1"));
        assertThat(checked.rejected()).containsExactly(
                new ImportReport.Rejection(3, "registrationId", "appears twice in this upload: row 1 has it too"),
                new ImportReport.Rejection(4, "registrationId", "appears twice in this upload: row 1 has it too"));
        assertThat(checked.rejectedRows()).isEqualTo(2);
    }

    @Test
    void a_refused_row_does_not_hold_its_registration_id_against_a_later_valid_one() {
        AttendeeDirectory.Checked checked = AttendeeDirectory.check("e-1",
                List.of(new Registration("R-1", null, "Benali", null, null, "not-an-email", null, null, null),
                        row("R-1", "Benali")), Map.of());

        assertThat(checked.accepted()).extracting(AttendeeDirectory.Row::number).containsExactly(2);
        assertThat(checked.rejected()).extracting(ImportReport.Rejection::row, ImportReport.Rejection::field)
                .containsExactly(tuple(1, "email"));
    }

    @Test
    void problems_found_while_reading_refuse_the_row_along_with_its_own() {
        ImportReport.Rejection badConsent = new ImportReport.Rejection(1, "shareContact", "must be yes or no");
        ImportReport.Rejection tooShort = new ImportReport.Rejection(2, "row", "has 1 values where the header names 3 columns");
        AttendeeDirectory.Checked checked = AttendeeDirectory.check("e-1",
                Arrays.asList(new Registration("R-1", null, "Benali", null, null, "nope", null, null, null), null, null),
                Map.of(1, List.of(badConsent), 2, List.of(tooShort)));

        assertThat(checked.accepted()).isEmpty();
        assertThat(checked.rejected()).containsExactly(badConsent,
                new ImportReport.Rejection(1, "email", "is not an email address"), tooShort,
                new ImportReport.Rejection(3, "row", "is empty"));
        assertThat(checked.rejectedRows()).isEqualTo(3);
    }
}
