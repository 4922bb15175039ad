package io.expoleads.leadfiles;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import io.expoleads.events.LeadView;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.io.output.CloseShieldOutputStream;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.GZIPSheetDataWriter;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.streaming.SheetDataWriter;

/**
 * An XLSX workbook written with POI's streaming SXSSF: only the last {@value #WINDOW} rows are in
 * memory, the others go to a compressed temporary file until {@link #finish()} writes the workbook
 * out; {@link #close()} deletes it. The header row is bold and frozen, times are date cells in the
 * edition's zone, widths are set per column (no auto-size, which would track every row). Text
 * cells are never formulas, so they are written as they are.
 */
final class XlsxLeadWriter implements LeadRowWriter {

    static final int WINDOW = 100;
    /** The most characters an XLSX cell holds. */
    static final int MAX_CELL = 32_767;

    private final ExportLayout layout;
    private final OutputStream out;
    private final SXSSFWorkbook workbook;
    private final SXSSFSheet sheet;
    private final CellStyle time;
    private final CellStyle plain;
    private int next;

    XlsxLeadWriter(ExportLayout layout, OutputStream out) {
        this.layout = layout;
        this.out = out;
        this.workbook = new QuickDeflateWorkbook(WINDOW);
        workbook.setCompressTempFiles(true);
        this.sheet = workbook.createSheet("Leads");
        this.time = workbook.createCellStyle();
        time.setDataFormat(workbook.createDataFormat().getFormat("yyyy-mm-dd hh:mm:ss"));
        // The workbook's default style, written as no style at all. Set on each cell, it spares SXSSF
        // looking up the column's style in the sheet's XML beans for every cell it flushes (the columns
        // have widths): that lookup took 44 % of an XLSX export's time.
        this.plain = workbook.getCellStyleAt(0);
    }

    @Override
    public void header() {
        CellStyle bold = workbook.createCellStyle();
        Font font = workbook.createFont();
        font.setBold(true);
        bold.setFont(font);
        Row row = sheet.createRow(next++);
        List<ExportColumn> columns = layout.columns();
        for (int index = 0; index < columns.size(); index++) {
            Cell cell = row.createCell(index);
            cell.setCellValue(columns.get(index).header());
            cell.setCellStyle(bold);
            sheet.setColumnWidth(index, Math.min(255, Math.max(columns.get(index).width(), columns.get(index).header().length() + 2)) * 256);
        }
        sheet.createFreezePane(0, 1);
    }

    @Override
    public void row(LeadView lead) throws IOException {
        Row row = sheet.createRow(next++);
        List<ExportColumn> columns = layout.columns();
        for (int index = 0; index < columns.size(); index++) {
            Object value = columns.get(index).value().apply(lead);
            if (value == null) {
                continue;
            }
            Cell cell = row.createCell(index);
            cell.setCellStyle(plain);
            if (value instanceof Number number) {
                cell.setCellValue(number.doubleValue());
            } else if (value instanceof ZonedDateTime at) {
                cell.setCellValue(at.toLocalDateTime());
                cell.setCellStyle(time);
            } else {
                String text = ExportLayout.text(columns.get(index), value);
                cell.setCellValue(text.length() > MAX_CELL ? text.substring(0, MAX_CELL) : text);
            }
        }
    }

    @Override
    public void finish() throws IOException {
        workbook.write(CloseShieldOutputStream.wrap(out));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        try {
            workbook.close();
        } finally {
            workbook.dispose();
        }
    }

    /**
     * SXSSF deflating at its quickest level, both the sheet's rows into the temporary file and the
     * workbook written out: the rows are deflated twice, and at the default level that was most of
     * the processor time of an XLSX export of 100,000 rows. The file is somewhat larger.
     */
    private static final class QuickDeflateWorkbook extends SXSSFWorkbook {

        QuickDeflateWorkbook(int window) {
            super(window);
        }

        @Override
        protected SheetDataWriter createSheetDataWriter() throws IOException {
            if (!isCompressTempFiles()) {
                return super.createSheetDataWriter();
            }
            return new GZIPSheetDataWriter(getSharedStringSource()) {
                @Override
                protected OutputStream decorateOutputStream(FileOutputStream file) throws IOException {
                    return new GZIPOutputStream(file, 8192) {
                        {
                            def.setLevel(Deflater.BEST_SPEED);
                        }
                    };
                }
            };
        }

        @Override
        protected ZipArchiveOutputStream createArchiveOutputStream(OutputStream stream) {
            ZipArchiveOutputStream zip = super.createArchiveOutputStream(stream);
            zip.setLevel(Deflater.BEST_SPEED);
            return zip;
        }
    }
}
