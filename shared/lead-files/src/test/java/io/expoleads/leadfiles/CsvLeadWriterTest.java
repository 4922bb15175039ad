package io.expoleads.leadfiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/** The CSV of leads: BOM, RFC 4180 quoting, formulas neutralised, times in the edition's zone, read back with Commons CSV. */
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
    void the_file_starts_with_a_bom_and_quotes_as_rfc_4180_says() throws IOException {
        byte[] bytes = SampleLeads.written(ExportFormat.CSV, SampleLeads.ELODIE);
        assertThat(bytes).startsWith(0xEF, 0xBB, 0xBF);
        String text = new String(bytes, StandardCharsets.UTF_8).substring(1);
        assertThat(text).startsWith(String.join(",", SampleLeads.HEADERS) + "\r\n");
        assertThat(text).contains(",\"Société Générale, \"\"Casa\"\"\",'+212600000001,")
                .contains(",\"amine: Très intéressée | salma: wants a demo\nnext week\",")
                .endsWith(",3,BADGE,lead-1\r\n");
    }

    @Test
    void every_column_of_every_lead_reads_back_with_commons_csv() throws IOException {
        String text = new String(SampleLeads.written(ExportFormat.CSV, SampleLeads.ELODIE, SampleLeads.YOUSSEF),
                StandardCharsets.UTF_8).substring(1);
        List<CSVRecord> records;
        List<String> headers;
        try (CSVParser parser = CSVParser.parse(new StringReader(text),
                CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get())) {
            headers = parser.getHeaderNames();
            records = parser.getRecords();
        }
        assertThat(headers).containsExactlyElementsOf(SampleLeads.HEADERS);
        assertThat(records).hasSize(2);
        assertThat(records.get(0).toList()).containsExactly("R-1", "Élodie", "Benali", "Société Générale, \"Casa\"",
                "'+212600000001", "elodie@sg.ma", "MA", "4", "fleet; data", "yes", "5", "'" + SampleLeads.FORMULA, "3",
                "'-x; vip", "amine: Très intéressée | salma: wants a demo\nnext week", "amine; salma",
                "2026-11-24 09:05:00", "2026-11-26 00:30:00", "3", "BADGE", "lead-1");
        assertThat(records.get(1).toList()).containsExactly("R-2", "يوسف", "العلوي", "مجموعة الدار البيضاء",
                "", "", "MA", "", "maps", "no", "", "", "", "", "", "salma",
                "2026-03-01 10:00:00", "2026-03-01 10:00:00", "1", "LOOKUP", "lead-2");
    }

    @Test
    void scanners_and_note_authors_are_shown_by_their_names_when_the_team_named_them() throws IOException {
        Map<String, String> team = Map.of("amine", "Amine Alaoui", "salma", "سلمى بناني");
        ExportLayout named = ExportLayout.of(List.of("firstName"), SampleLeads.FORM, SampleLeads.CASABLANCA,
                id -> team.getOrDefault(id, id));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (LeadRowWriter writer = LeadRowWriter.of(ExportFormat.CSV, named, out, null)) {
            writer.header();
            writer.row(SampleLeads.ELODIE);
            writer.finish();
        }
        List<CSVRecord> records;
        try (CSVParser parser = CSVParser.parse(new StringReader(out.toString(StandardCharsets.UTF_8).substring(1)),
                CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get())) {
            records = parser.getRecords();
        }
        assertThat(records.get(0).get("scannedBy")).isEqualTo("Amine Alaoui; سلمى بناني");
        assertThat(records.get(0).get("notes")).isEqualTo("Amine Alaoui: Très intéressée | سلمى بناني: wants a demo\nnext week");
    }
}
