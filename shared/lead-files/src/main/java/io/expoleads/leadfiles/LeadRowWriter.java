package io.expoleads.leadfiles;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

import io.expoleads.events.LeadView;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a lead file row by row to a stream it does not own, so a caller can stream any number of
 * leads (an HTTP response, a mail attachment): {@link #header()}, {@link #row(LeadView)} for each
 * lead, then {@link #finish()}. {@link #close()} releases what the writer holds (an XLSX
 * workbook's temporary file), finished or not; the stream stays open.
 */
public interface LeadRowWriter extends Closeable {

    /** Writes the header row (nothing in JSON Lines, whose lines name their members). */
    void header() throws IOException;

    /** Writes one lead, whose {@code attendee()} is already what the exhibitor may see. */
    void row(LeadView lead) throws IOException;

    /** Writes out whatever is still held and flushes; the stream stays open. */
    void finish() throws IOException;

    @Override
    void close() throws IOException;

    /**
     * @param json the mapper JSON Lines are written with; only {@link ExportFormat#JSONL} needs one
     */
    static LeadRowWriter of(ExportFormat format, ExportLayout layout, OutputStream out, JsonMapper json) {
        return switch (format) {
            case CSV -> new CsvLeadWriter(layout, out);
            case XLSX -> new XlsxLeadWriter(layout, out);
            case JSONL -> new JsonlLeadWriter(layout, out, Objects.requireNonNull(json, "JSON Lines need a JsonMapper"));
        };
    }
}
