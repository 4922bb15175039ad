package io.expoleads.leadfiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.expoleads.events.LeadNote;
import io.expoleads.events.LeadView;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.util.PaneInformation;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

/** The XLSX of leads read back with POI: text, number and date cells, a bold frozen header, set widths. */
class XlsxLeadWriterTest {

    @Test
    void every_column_of_every_lead_reads_back_as_text_number_or_date_cells() throws IOException {
        try (XSSFWorkbook workbook = read(SampleLeads.ELODIE, SampleLeads.YOUSSEF)) {
            XSSFSheet sheet = workbook.getSheet("Leads");
            assertThat(sheet.getLastRowNum()).isEqualTo(2);
            assertThat(values(sheet.getRow(0))).containsExactlyElementsOf(new ArrayList<>(SampleLeads.HEADERS));
            // The formula-looking remark stays text: an XLSX cell is a formula only when written as one.
            assertThat(values(sheet.getRow(1))).containsExactly("R-1", "Élodie", "Benali", "Société Générale, \"Casa\"",
                    "+212600000001", "elodie@sg.ma", "MA", 4.0, "fleet; data", "yes", 5.0, SampleLeads.FORMULA, 3.0,
                    "-x; vip", "amine: Très intéressée | salma: wants a demo\nnext week", "amine; salma",
                    LocalDateTime.parse("2026-11-24T09:05:00"), LocalDateTime.parse("2026-11-26T00:30:00"), 3.0, "BADGE", "lead-1");
            assertThat(values(sheet.getRow(2))).containsExactly("R-2", "يوسف", "العلوي", "مجموعة الدار البيضاء",
                    null, null, "MA", null, "maps", "no", null, null, null, "", "", "salma",
                    LocalDateTime.parse("2026-03-01T10:00:00"), LocalDateTime.parse("2026-03-01T10:00:00"), 1.0, "LOOKUP", "lead-2");
            assertThat(sheet.getRow(1).getCell(16).getCellStyle().getDataFormatString()).isEqualTo("yyyy-mm-dd hh:mm:ss");
        }
    }

    @Test
    void the_header_is_bold_and_frozen_and_each_column_has_its_width() throws IOException {
        try (XSSFWorkbook workbook = read(SampleLeads.ELODIE)) {
            XSSFSheet sheet = workbook.getSheet("Leads");
            PaneInformation pane = sheet.getPaneInformation();
            assertThat(pane).isNotNull();
            assertThat(pane.isFreezePane()).isTrue();
            assertThat(pane.getHorizontalSplitPosition()).isEqualTo((short) 1);
            assertThat(pane.getVerticalSplitPosition()).isEqualTo((short) 0);
            for (Cell header : sheet.getRow(0)) {
                assertThat(((XSSFCellStyle) header.getCellStyle()).getFont().getBold()).as(header.getStringCellValue()).isTrue();
            }
            assertThat(((XSSFCellStyle) sheet.getRow(1).getCell(1).getCellStyle()).getFont().getBold()).isFalse();
            // In characters: the column's own width, or its header's length and 2 when that is longer.
            List<Integer> widths = new ArrayList<>();
            for (int index = 0; index < SampleLeads.HEADERS.size(); index++) {
                widths.add(sheet.getColumnWidth(index) / 256);
            }
            assertThat(widths).containsExactly(16, 20, 20, 20, 20, 30, 20, 8, 24, 24, 24, 24, 24, 24, 50, 20, 33, 32, 11, 10, 38);
        }
    }

    @Test
    void a_text_longer_than_a_cell_holds_is_cut_to_the_limit() throws IOException {
        char[] essay = new char[XlsxLeadWriter.MAX_CELL + 100];
        Arrays.fill(essay, 'é');
        LeadView wordy = new LeadView("lead-3", "ex-1", "ed-1", 1, SampleLeads.YOUSSEF.attendee(), 1,
                Instant.parse("2026-11-24T08:05:00Z"), Instant.parse("2026-11-24T08:05:00Z"), "amine", List.of("amine"),
                null, null, Map.of(), List.of(), false, List.of(new LeadNote("amine", new String(essay), null)), null);
        try (XSSFWorkbook workbook = read(wordy)) {
            String notes = workbook.getSheet("Leads").getRow(1).getCell(14).getStringCellValue();
            assertThat(notes).hasSize(XlsxLeadWriter.MAX_CELL).startsWith("amine: éé");
        }
    }

    private static XSSFWorkbook read(LeadView... leads) throws IOException {
        return new XSSFWorkbook(new ByteArrayInputStream(SampleLeads.written(ExportFormat.XLSX, leads)));
    }

    /** Each cell of the row up to the last column: text, a number, a local time for a date cell, or null for no cell. */
    private static List<Object> values(Row row) {
        List<Object> values = new ArrayList<>();
        for (int index = 0; index < SampleLeads.HEADERS.size(); index++) {
            Cell cell = row.getCell(index);
            if (cell == null) {
                values.add(null);
            } else if (cell.getCellType() == CellType.NUMERIC) {
                values.add(DateUtil.isCellDateFormatted(cell) ? cell.getLocalDateTimeCellValue() : cell.getNumericCellValue());
            } else {
                assertThat(cell.getCellType()).as("cell %d", index).isEqualTo(CellType.STRING);
                values.add(cell.getStringCellValue());
            }
        }
        return values;
    }
}
