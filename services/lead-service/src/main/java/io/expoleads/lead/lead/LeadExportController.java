package io.expoleads.lead.lead;

import java.io.IOException;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import io.expoleads.lead.edition.EditionCalendar;
import io.expoleads.lead.edition.EditionDates;
import io.expoleads.lead.exhibitor.BoothExhibitor;
import io.expoleads.leadfiles.ExportFormat;
import io.expoleads.leadfiles.ExportLayout;
import io.expoleads.platform.security.Tenant;
import io.expoleads.lead.audit.AuditLog;
import io.expoleads.lead.audit.BulkRead;
import io.expoleads.platform.web.ApiException;
import io.expoleads.platform.web.Page;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.commons.io.output.CountingOutputStream;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Lead exports (CSV, XLSX, JSON Lines), streamed as they are read, and their log. {@code since}
 * is a time (leads captured or changed at or after it, by their {@code updatedAt}) or {@code last}:
 * since the start of this caller's previous complete export of this exhibitor, less
 * {@link #OVERLAP} for scans received before it but captured after (a lead may come twice, none
 * is missed); the first such export holds every lead. Each export is logged with its row count
 * once written, as incomplete when the client went away midway.
 */
@RestController
class LeadExportController {

    /** How far before the previous export a {@code since=last} export reaches back. */
    static final Duration OVERLAP = Duration.ofMinutes(2);
    private static final Logger log = LoggerFactory.getLogger(LeadExportController.class);

    private final LeadExporter exporter;
    private final LeadExportLog exports;
    private final LeadAccess access;
    private final EditionCalendar editions;
    private final Clock clock;

    private final AuditLog audit;
    private final LeadMeters meters;

    LeadExportController(LeadExporter exporter, LeadExportLog exports, LeadAccess access, EditionCalendar editions,
                         AuditLog audit, LeadMeters meters, Clock clock) {
        this.clock = clock;
        this.audit = audit;
        this.meters = meters;
        this.exporter = exporter;
        this.exports = exports;
        this.access = access;
        this.editions = editions;
    }

    /**
     * @param format csv (default), xlsx or jsonl
     * @param since  a time such as 2026-11-24T09:00:00Z, or {@code last}
     */
    @GetMapping("/api/exhibitors/{exhibitorId}/leads/export")
    void export(@PathVariable String exhibitorId,
                @RequestParam(defaultValue = "csv") String format,
                @RequestParam(required = false) String since,
                @AuthenticationPrincipal Jwt token,
                HttpServletResponse response) throws IOException {
        Tenant caller = Tenant.of(token);
        BoothExhibitor exhibitor = access.requireExhibitor(caller, exhibitorId);
        ExportFormat chosen = ExportFormat.named(format).orElseThrow(() -> new ApiException(HttpStatus.BAD_REQUEST,
                "Unknown export format", "format must be one of csv, xlsx, jsonl").withProperty("format", format));
        String requestedBy = caller.staffId() != null ? caller.staffId() : caller.account();
        String sinceMode;
        Instant from;
        if (since == null || since.isBlank()) {
            sinceMode = "all";
            from = null;
        } else if (since.strip().equals("last")) {
            sinceMode = "last";
            from = exports.lastComplete(exhibitorId, requestedBy).map(previous -> previous.startedAt().minus(OVERLAP)).orElse(null);
        } else {
            sinceMode = "time";
            from = time(since.strip());
        }
        ExportLayout layout = exporter.layout(exhibitor);
        Instant startedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String role = caller.is("EXHIBITOR_ADMIN") ? "EXHIBITOR_ADMIN" : "STAFF";
        LeadExport export = exports.start(exhibitorId, exhibitor.editionId(), requestedBy, role, chosen, sinceMode, from,
                startedAt);

        response.setStatus(HttpStatus.OK.value());
        response.setContentType(chosen.contentType());
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.attachment().filename(fileName(exhibitor, startedAt, chosen)).build().toString());
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        response.setHeader("X-Lead-Export-Id", export.id());
        AtomicLong rows = new AtomicLong();
        CountingOutputStream body = new CountingOutputStream(response.getOutputStream());
        long started = System.nanoTime();
        boolean complete = false;
        try {
            exporter.write(exhibitorId, from, chosen, layout, body, rows);
            response.flushBuffer();
            complete = true;
        } catch (IOException clientGone) {
            log.info("Lead export {} of exhibitor {} ended after {} rows: {}", export.id(), exhibitorId, rows.get(),
                    clientGone.toString());
        } finally {
            exports.finish(export.id(), rows.get(), complete, clock.instant());
            meters.exported(chosen.name(), complete, rows.get(), body.getByteCount(), Duration.ofNanos(System.nanoTime() - started));
            // The organizer's one log of bulk reads holds every export too, with the rows actually written.
            audit.record(export.id(), BulkRead.EXPORT, export.editionId(), exhibitorId, requestedBy, role, startedAt, rows.get());
        }
    }

    /** The exhibitor's exports, newest first. */
    @GetMapping("/api/exhibitors/{exhibitorId}/leads/exports")
    Page<LeadExport> exhibitorLog(@PathVariable String exhibitorId,
                                  @RequestParam(required = false) String cursor,
                                  @RequestParam(required = false) Integer limit,
                                  @AuthenticationPrincipal Jwt token) {
        access.requireExhibitor(Tenant.of(token), exhibitorId);
        return exports.page("exhibitorId", exhibitorId, cursor, limit);
    }

    /** Every export of the edition's exhibitors, newest first: the organizer's view. */
    @GetMapping("/api/editions/{editionId}/lead-exports")
    Page<LeadExport> editionLog(@PathVariable String editionId,
                                @RequestParam(required = false) String cursor,
                                @RequestParam(required = false) Integer limit) {
        editions.require(editionId);
        return exports.page("editionId", editionId, cursor, limit);
    }

    private static Instant time(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException notUtc) {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException e) {
                throw ApiException.invalidField("since", "must be a time such as 2026-11-24T09:00:00Z, or last");
            }
        }
    }

    /** Such as {@code atlas-mobility_2026-11-24_leads.csv}: the company and the edition's first day (else today). */
    private String fileName(BoothExhibitor exhibitor, Instant now, ExportFormat format) {
        String company = exhibitor == null || exhibitor.companyName() == null ? "" : slug(exhibitor.companyName());
        EditionDates dates = exhibitor == null ? null : editions.find(exhibitor.editionId()).orElse(null);
        LocalDate day = dates != null ? dates.startDate() : LocalDate.ofInstant(now, java.time.ZoneOffset.UTC);
        return (company.isEmpty() ? "" : company + "_") + day + "_leads." + format.extension();
    }

    static String slug(String text) {
        String plain = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
        String slug = plain.replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+)|(-+$)", "");
        return slug.length() > 60 ? slug.substring(0, 60) : slug;
    }
}
