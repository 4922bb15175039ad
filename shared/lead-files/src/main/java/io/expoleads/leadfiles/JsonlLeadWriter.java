package io.expoleads.leadfiles;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

import io.expoleads.events.LeadView;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON Lines: one object per lead and line, with the same columns as the CSV under their keys
 * (the answers in an {@code answers} object, by question key), typed: numbers, true or false,
 * lists as arrays, times as ISO-8601 with the offset of the edition's zone ({@code 2026-11-24T09:05:00+01:00}).
 */
final class JsonlLeadWriter implements LeadRowWriter {

    private final ExportLayout layout;
    private final OutputStream out;
    private final JsonMapper json;

    JsonlLeadWriter(ExportLayout layout, OutputStream out, JsonMapper json) {
        this.layout = layout;
        this.out = new BufferedOutputStream(out, 64 * 1024);
        this.json = json;
    }

    @Override
    public void header() {
        // JSON Lines has no header: every line names its members.
    }

    @Override
    public void row(LeadView lead) throws IOException {
        Map<String, Object> line = new LinkedHashMap<>();
        for (ExportColumn column : layout.columns()) {
            Object value = column.value().apply(lead);
            if (value instanceof ZonedDateTime time) {
                value = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time);
            }
            if (column.group() == null) {
                line.put(column.key(), value);
            } else {
                @SuppressWarnings("unchecked")
                Map<String, Object> group = (Map<String, Object>) line.computeIfAbsent(column.group(), name -> new LinkedHashMap<>());
                group.put(column.key(), value);
            }
        }
        out.write(json.writeValueAsBytes(line));
        out.write('\n');
    }

    @Override
    public void finish() throws IOException {
        out.flush();
    }

    @Override
    public void close() {
        // Nothing held but the buffer, which finish() writes out; the stream is the caller's.
    }
}
