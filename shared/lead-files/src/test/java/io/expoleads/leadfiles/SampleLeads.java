package io.expoleads.leadfiles;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import io.expoleads.events.AttendeeView;
import io.expoleads.events.LeadNote;
import io.expoleads.events.LeadSource;
import io.expoleads.events.LeadView;
import io.expoleads.events.QualificationForm;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two leads of one exhibitor at a Casablanca edition, written through the public API: Élodie
 * Benali, fully qualified, with a formula-looking remark, a {@code +212} phone and notes by two
 * staff members; يوسف العلوي, who shares no contact data, looked up in the directory once during
 * Ramadan (when Morocco is on UTC+0), barely qualified.
 */
final class SampleLeads {

    static final ZoneId CASABLANCA = ZoneId.of("Africa/Casablanca");
    static final String FORMULA = "=HYPERLINK(\"http://evil.example\",\"clic\")";
    static final QualificationForm FORM = new QualificationForm(2, List.of(
            new QualificationForm.Question("products", "Products", QualificationForm.QuestionType.MULTIPLE_CHOICE,
                    List.of("fleet", "data", "maps"), false),
            new QualificationForm.Question("budget", "Budget approved?", QualificationForm.QuestionType.YES_NO, null, false),
            new QualificationForm.Question("urgency", "Urgency", QualificationForm.QuestionType.SCALE_1_TO_5, null, false),
            new QualificationForm.Question("remarks", "Remarks", QualificationForm.QuestionType.FREE_TEXT, null, false),
            new QualificationForm.Question("rating", "Our own rating", QualificationForm.QuestionType.SCALE_1_TO_5, null, false)));
    static final ExportLayout LAYOUT = ExportLayout.of(List.of("firstName", "lastName", "company", "phone", "email", "country"),
            FORM, CASABLANCA);
    static final List<String> HEADERS = List.of("registrationId", "firstName", "lastName", "company", "phone", "email", "country",
            "rating", "products", "budget", "urgency", "remarks", "answer:rating", "tags", "notes", "scannedBy",
            "firstScanAt (Africa/Casablanca)", "lastScanAt (Africa/Casablanca)", "scanCount", "source", "leadId");

    static final LeadView ELODIE = new LeadView("lead-1", "ex-1", "ed-1", 7,
            new AttendeeView("att-1", "ed-1", "R-1", "Élodie", "Benali", "Société Générale, \"Casa\"", "Directrice achats",
                    "elodie@sg.ma", "+212600000001", "MA", true),
            3, Instant.parse("2026-11-24T08:05:00Z"), Instant.parse("2026-11-25T23:30:00Z"), "salma", List.of("amine", "salma"),
            4, 2, Map.of("products", List.of("fleet", "data"), "budget", true, "urgency", 5, "remarks", FORMULA, "rating", 3),
            List.of("-x", "vip"), true,
            List.of(new LeadNote("amine", "Très intéressée", Instant.parse("2026-11-24T08:10:00Z")),
                    new LeadNote("salma", "wants a demo\nnext week", Instant.parse("2026-11-25T23:35:00Z"))),
            null);
    static final LeadView YOUSSEF = new LeadView("lead-2", "ex-1", "ed-1", 2,
            new AttendeeView("att-2", "ed-1", "R-2", "يوسف", "العلوي", "مجموعة الدار البيضاء", null, null, null, "MA", false),
            1, Instant.parse("2026-03-01T10:00:00Z"), Instant.parse("2026-03-01T10:00:00Z"), "salma", List.of("salma"),
            null, 2, Map.of("products", List.of("maps"), "budget", false), List.of(), false, List.of(), null)
            .withSource(LeadSource.LOOKUP);

    private SampleLeads() {
    }

    /** Both leads as a file of the format, written through {@link LeadRowWriter#of}. */
    static byte[] written(ExportFormat format, LeadView... leads) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (LeadRowWriter writer = LeadRowWriter.of(format, LAYOUT, out, JsonMapper.builder().build())) {
            writer.header();
            for (LeadView lead : leads) {
                writer.row(lead);
            }
            writer.finish();
        }
        return out.toByteArray();
    }
}
