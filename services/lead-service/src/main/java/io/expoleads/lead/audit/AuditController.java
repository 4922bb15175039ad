package io.expoleads.lead.audit;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.stream.Stream;

import io.expoleads.lead.edition.EditionCalendar;
import io.expoleads.platform.web.ApiException;
import io.expoleads.platform.web.Page;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The organizer's audit log of an edition: every bulk read of visitors' personal data, newest
 * first, page by page or whole as CSV, of one kind and within a time range if asked.
 */
@RestController
class AuditController {

    static final String[] CSV_HEADER = {"at", "lastAt", "kind", "editionId", "exhibitorId", "account", "role", "visitors",
            "reads", "reference"};

    private final AuditLog log;
    private final EditionCalendar editions;

    AuditController(AuditLog log, EditionCalendar editions) {
        this.log = log;
        this.editions = editions;
    }

    /**
     * @param kind EXPORT, VISITOR_LIST, BADGE_CODE, DIGEST_ATTACHMENT or DIRECTORY_SEARCH
     * @param from entries at or after this time, such as 2026-11-24T09:00:00Z
     * @param to   entries before this time
     */
    @GetMapping("/api/editions/{editionId}/audit")
    Page<BulkRead> list(@PathVariable String editionId, @RequestParam(required = false) String kind,
                        @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                        @RequestParam(required = false) String cursor, @RequestParam(required = false) Integer limit) {
        return log.page(filter(editionId, kind, from, to), cursor, limit);
    }

    @GetMapping("/api/editions/{editionId}/audit.csv")
    void csv(@PathVariable String editionId, @RequestParam(required = false) String kind,
             @RequestParam(required = false) String from, @RequestParam(required = false) String to,
             HttpServletResponse response) throws IOException {
        AuditLog.Filter filter = filter(editionId, kind, from, to);
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.attachment().filename("audit-" + editionId + ".csv").build().toString());
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        Writer text = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        try (Stream<BulkRead> entries = log.all(filter);
             CSVPrinter printer = new CSVPrinter(text, CSVFormat.RFC4180.builder().setHeader(CSV_HEADER).get())) {
            for (Iterator<BulkRead> it = entries.iterator(); it.hasNext(); ) {
                BulkRead entry = it.next();
                printer.printRecord(entry.at(), entry.lastAt(), entry.kind(), entry.editionId(), entry.exhibitorId(),
                        entry.account(), entry.role(), entry.visitors(), entry.reads(), entry.reference());
            }
        }
    }

    /** A malformed edition id answers 400, one never heard of 404, before any filter is read. */
    private AuditLog.Filter filter(String editionId, String kind, String from, String to) {
        editions.require(editionId);
        if (kind != null && !AuditLog.KINDS.contains(kind)) {
            throw ApiException.invalidField("kind", "must be one of EXPORT, VISITOR_LIST, BADGE_CODE, DIGEST_ATTACHMENT, DIRECTORY_SEARCH")
                    .withProperty("reason", "UNKNOWN_KIND");
        }
        Instant start = time("from", from);
        Instant end = time("to", to);
        if (start != null && end != null && !end.isAfter(start)) {
            throw ApiException.invalidField("to", "must be after from");
        }
        return new AuditLog.Filter(editionId, kind, start, end);
    }

    private static Instant time(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException notUtc) {
            try {
                return OffsetDateTime.parse(value.strip()).toInstant();
            } catch (DateTimeParseException e) {
                throw ApiException.invalidField(field, "must be a time such as 2026-11-24T09:00:00Z");
            }
        }
    }
}
