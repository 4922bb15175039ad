package io.expoleads.leadfiles;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The file formats leads are written in, with the content type and file extension of each. */
public enum ExportFormat {

    CSV("text/csv; charset=UTF-8", "csv"),
    XLSX("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    JSONL("application/x-ndjson", "jsonl");

    private final String contentType;
    private final String extension;

    ExportFormat(String contentType, String extension) {
        this.contentType = contentType;
        this.extension = extension;
    }

    /** The media type of a file in this format, for an HTTP response or a mail attachment. */
    public String contentType() {
        return contentType;
    }

    /** The file extension without its dot, also the format's name in requests and settings ({@code csv}). */
    public String extension() {
        return extension;
    }

    /** The format named such as {@code csv}, any case, surrounding blanks ignored. */
    public static Optional<ExportFormat> named(String name) {
        String wanted = name.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(format -> format.extension.equals(wanted)).findFirst();
    }
}
