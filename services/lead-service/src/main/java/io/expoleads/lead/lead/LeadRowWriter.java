package io.expoleads.lead.lead;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;

/**
 * Writes an export row by row to a stream it does not own: the header, each lead's values, then
 * {@link #finish()}. {@link #close()} releases what the writer holds (temporary files), finished or not.
 */
interface LeadRowWriter extends Closeable {

    void header() throws IOException;

    void row(List<Object> values) throws IOException;

    /** Writes out whatever is still held and flushes; the stream stays open. */
    void finish() throws IOException;

    @Override
    void close() throws IOException;

    static LeadRowWriter of(ExportFormat format, ExportLayout layout, OutputStream out, JsonMapper json) {
        return switch (format) {
            case CSV -> new CsvLeadWriter(layout, out);
            case XLSX -> new XlsxLeadWriter(layout, out);
            case JSONL -> new JsonlLeadWriter(layout, out, json);
        };
    }
}
