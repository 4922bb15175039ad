package io.expoleads.leadfiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.expoleads.events.AttendeeView;
import io.expoleads.events.LeadView;
import io.expoleads.events.QualificationForm;
import org.junit.jupiter.api.Test;

/** The columns of a lead file and the format names a caller passes. */
class ExportLayoutTest {

    @Test
    void an_unknown_zone_is_utc_and_says_so() {
        assertThat(ExportLayout.of(List.of(), null, null).headers()).containsExactly("registrationId", "rating", "tags", "notes",
                "scannedBy", "firstScanAt (UTC)", "lastScanAt (UTC)", "scanCount", "source", "leadId");
    }

    @Test
    void visible_fields_then_the_form_questions_come_between_the_registration_id_and_the_tags() {
        assertThat(SampleLeads.LAYOUT.headers()).containsExactlyElementsOf(SampleLeads.HEADERS);
    }

    @Test
    void the_fields_shown_are_those_any_lead_shows_in_export_order() {
        AttendeeView named = new AttendeeView("a1", "ed", "R-1", "Nadia", "Bennis", null, null, null, null, null, false);
        AttendeeView reachable = new AttendeeView("a2", "ed", "R-2", null, null, "ONCF", null, "k@oncf.ma", null, "MA", true);
        assertThat(ExportLayout.fieldsShownBy(List.of(lead(named), lead(reachable))))
                .containsExactly("firstName", "lastName", "company", "email", "country");
        assertThat(ExportLayout.fieldsShownBy(List.of())).isEmpty();
    }

    private static LeadView lead(AttendeeView attendee) {
        return new LeadView("l-" + attendee.attendeeId(), "ex", "ed", 1, attendee, 1, null, null, null, null, null, null,
                null, null, false, null, null);
    }

    @Test
    void a_question_keyed_like_a_fixed_column_gets_an_answer_prefix() {
        QualificationForm form = new QualificationForm(1, List.of(
                new QualificationForm.Question("notes", "Notes", QualificationForm.QuestionType.FREE_TEXT, null, false),
                new QualificationForm.Question("email", "Email", QualificationForm.QuestionType.FREE_TEXT, null, false)));
        assertThat(ExportLayout.of(List.of("email"), form, SampleLeads.CASABLANCA).headers()).containsExactly("registrationId",
                "email", "rating", "answer:notes", "answer:email", "tags", "notes", "scannedBy",
                "firstScanAt (Africa/Casablanca)", "lastScanAt (Africa/Casablanca)", "scanCount", "source", "leadId");
    }

    @Test
    void a_format_is_named_by_its_extension_in_any_case() {
        assertThat(ExportFormat.named(" XLSX ")).contains(ExportFormat.XLSX);
        assertThat(ExportFormat.named("jsonl")).contains(ExportFormat.JSONL);
        assertThat(ExportFormat.named("Csv")).contains(ExportFormat.CSV);
        assertThat(ExportFormat.named("xls")).isEmpty();
        assertThat(ExportFormat.CSV.contentType()).isEqualTo("text/csv; charset=UTF-8");
    }
}
