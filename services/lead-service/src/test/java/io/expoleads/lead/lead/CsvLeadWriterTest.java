package io.expoleads.lead.lead;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import io.expoleads.events.AttendeeView;
import io.expoleads.events.LeadNote;
import io.expoleads.events.QualificationForm;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/** The CSV of a lead export: BOM, RFC 4180 quoting, formulas neutralised, times in the edition's zone. */
class CsvLeadWriterTest {

    @Test
    void cells_a_spreadsheet_would_run_get_a_leading_quote() {
        for (String risky : List.of("=1+1", "+212600", "-2", "@SUM(A1)", "\tcmd", "\rcmd", "=cmd|' /C calc'!A0")) {
            assertThat(CsvLeadWriter.neutralised(risky)).isEqualTo("'" + risky);
        }
        for (String safe : List.of("", "Élodie", "يوسف", "a=b", " =x", "'quoted", "2026-11-24 09:05:00")) {
            assertThat(CsvLeadWriter.neutralised(safe)).isEqualTo(safe);
        }
    }

    @Test
    void rows_are_rfc_4180_with_a_bom_and_zone_times() throws IOException {
        QualificationForm form = new QualificationForm(3, List.of(
                new QualificationForm.Question("products", "Products", QualificationForm.QuestionType.MULTIPLE_CHOICE,
                        List.of("a", "b"), false),
                new QualificationForm.Question("rating", "Our own rating", QualificationForm.QuestionType.SCALE_1_TO_5, null, false)));
        ExportLayout layout = ExportLayout.of(List.of("firstName", "company"), form, ZoneId.of("Africa/Casablanca"));
        AttendeeView attendee = new AttendeeView("att-1", "ed-1", "R-1", "Élodie", null, "Dupont, \"Fils\" & Cie\nCasablanca",
                null, null, null, null, false);
        Lead lead = new Lead("lead-1", "ex-1", "ed-1", "att-1", attendee, null, null, 3, Instant.parse("2026-11-24T08:05:00Z"),
                Instant.parse("2026-11-25T23:30:00Z"), "salma", List.of("amine", "salma"), 2, 3,
                Map.of("products", List.of("a", "b"), "rating", 4), List.of("-x", "vip"), false,
                List.of(new LeadNote("amine", "=HYPERLINK(\"http://evil\")", null)), null, null, 4, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CsvLeadWriter writer = new CsvLeadWriter(layout, out);
        writer.header();
        writer.row(layout.values(new ExportLayout.Source(lead, attendee)));
        writer.finish();
        byte[] bytes = out.toByteArray();
        assertThat(bytes).startsWith(0xEF, 0xBB, 0xBF);
        String text = new String(bytes, StandardCharsets.UTF_8).substring(1);
        assertThat(text).startsWith("registrationId,firstName,company,rating,products,answer:rating,tags,notes,scannedBy,"
                + "firstScanAt (Africa/Casablanca),lastScanAt (Africa/Casablanca),scanCount,leadId\r\n");
        assertThat(text).contains("\"Dupont, \"\"Fils\"\" & Cie\nCasablanca\"");
        CSVRecord record;
        try (CSVParser parser = CSVParser.parse(new StringReader(text), CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get())) {
            record = parser.getRecords().get(0);
        }
        assertThat(record.toList()).containsExactly("R-1", "Élodie", "Dupont, \"Fils\" & Cie\nCasablanca", "2", "a; b", "4",
                "'-x; vip", "amine: =HYPERLINK(\"http://evil\")", "amine; salma", "2026-11-24 09:05:00",
                "2026-11-26 00:30:00", "3", "lead-1");
    }

    @Test
    void an_unknown_zone_is_utc_and_says_so() {
        ExportLayout layout = ExportLayout.of(List.of(), null, null);
        assertThat(layout.headers()).containsExactly("registrationId", "rating", "tags", "notes", "scannedBy",
                "firstScanAt (UTC)", "lastScanAt (UTC)", "scanCount", "leadId");
        assertThat(LeadExportController.slug("Société Générale Maroc — Casa")).isEqualTo("societe-generale-maroc-casa");
    }
}
