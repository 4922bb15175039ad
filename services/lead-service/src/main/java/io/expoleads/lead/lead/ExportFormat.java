package io.expoleads.lead.lead;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The file formats leads are exported in, with the content type and file extension of each. */
enum ExportFormat {

    CSV("text/csv; charset=UTF-8", "csv"),
    XLSX("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    JSONL("application/x-ndjson", "jsonl");

    private final String contentType;
    private final String extension;

    ExportFormat(String contentType, String extension) {
        this.contentType = contentType;
        this.extension = extension;
    }

    String contentType() {
        return contentType;
    }

    String extension() {
        return extension;
    }

    /** The format of a {@code format} parameter such as {@code csv}, any case. */
    static Optional<ExportFormat> named(String name) {
        return Arrays.stream(values()).filter(format -> format.extension.equals(name.strip().toLowerCase(Locale.ROOT))).findFirst();
    }
}
