package io.expoleads.leadfiles;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;

import io.expoleads.events.LeadView;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * RFC 4180 CSV in UTF-8 with a byte-order mark (so spreadsheet programs read Arabic and French
 * names right). A text cell that a spreadsheet would take for a formula (starting with {@code =},
 * {@code +}, {@code -}, {@code @}, a tab or a carriage return) gets a leading {@code '}, as OWASP
 * advises against CSV injection; a phone number such as {@code +212...} thus reads {@code '+212...}.
 */
final class CsvLeadWriter implements LeadRowWriter {

    static final char BYTE_ORDER_MARK = '\uFEFF';

    private final ExportLayout layout;
    private final BufferedWriter text;
    private final CSVPrinter printer;

    CsvLeadWriter(ExportLayout layout, OutputStream out) {
        this.layout = layout;
        this.text = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
        try {
            this.printer = new CSVPrinter(text, CSVFormat.RFC4180);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The cell as written: a leading {@code '} before what a spreadsheet would run as a formula. */
    static String neutralised(String cell) {
        if (cell.isEmpty()) {
            return cell;
        }
        char first = cell.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r' ? "'" + cell : cell;
    }

    @Override
    public void header() throws IOException {
        text.write(BYTE_ORDER_MARK);
        for (String header : layout.headers()) {
            printer.print(neutralised(header));
        }
        printer.println();
    }

    @Override
    public void row(LeadView lead) throws IOException {
        for (ExportColumn column : layout.columns()) {
            Object value = column.value().apply(lead);
            String cell = ExportLayout.text(column, value);
            printer.print(value instanceof Number ? cell : neutralised(cell));
        }
        printer.println();
    }

    @Override
    public void finish() throws IOException {
        printer.flush();
    }

    @Override
    public void close() {
        // Nothing held but the buffer, which finish() writes out; the stream is the caller's.
    }
}
