package io.expoleads.lead.attendee;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;

import io.expoleads.events.AttendeeView;
import io.expoleads.lead.audit.AuditLog;
import io.expoleads.lead.audit.BulkRead;
import io.expoleads.platform.security.Tenant;
import io.expoleads.lead.edition.EditionCalendar;
import io.expoleads.platform.web.ApiException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import io.expoleads.platform.web.Page;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The badge directory for the organizer: registration imports, as JSON or as CSV with a header
 * row ({@link RegistrationCsv}), each answered with a per-row report; each attendee in full, and
 * an edition's attendees page by page (to print their badges), in the order of their registration ids.
 */
@RestController
class AttendeeController {

    static final int MAX_ROWS = 30_000;
    static final String TEXT_CSV = "text/csv";
    private static final String IMPORT = "/api/editions/{editionId}/attendees/import";

    private final AttendeeDirectory directory;
    private final AuditLog audit;
    private final EditionCalendar editions;
    private final Clock clock;

    AttendeeController(AttendeeDirectory directory, EditionCalendar editions, AuditLog audit, ObjectProvider<Clock> clock) {
        this.directory = directory;
        this.editions = editions;
        this.audit = audit;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    @PostMapping(path = IMPORT, consumes = MediaType.APPLICATION_JSON_VALUE)
    ImportReport importJson(@PathVariable String editionId, @RequestBody List<Registration> registrations) {
        requireNotPurged(editionId);
        if (registrations.size() > MAX_ROWS) {
            throw ApiException.invalid("An import holds at most " + MAX_ROWS + " rows; this one has " + registrations.size())
                    .withProperty("reason", "TOO_MANY_ROWS").withProperty("max", MAX_ROWS).withProperty("rows", registrations.size());
        }
        return directory.importRegistrations(editionId, registrations);
    }

    /** A CSV without a charset in its Content-Type is read as UTF-8. */
    @PostMapping(path = IMPORT, consumes = TEXT_CSV)
    ImportReport importCsv(@PathVariable String editionId, @RequestHeader(HttpHeaders.CONTENT_TYPE) String contentType,
                           @RequestBody(required = false) byte[] body) {
        requireNotPurged(editionId);
        RegistrationCsv.Rows rows = RegistrationCsv.read(body == null ? new byte[0] : body, charset(contentType), MAX_ROWS);
        return directory.importRegistrations(editionId, rows.registrations(), rows.problems());
    }

    /**
     * The edition an import names, refused with 409 {@code EDITION_PURGED} once its retention has
     * ended: its visitors' personal data is purged (or about to be, at the purge's next pass), and
     * visitors imported now would be kept past the retention their edition promised.
     */
    private void requireNotPurged(String editionId) {
        editions.require(editionId);
        editions.purgeAt(editionId).filter(purgeAt -> !purgeAt.isAfter(clock.instant())).ifPresent(purgeAt -> {
            throw new ApiException(HttpStatus.CONFLICT, "Edition purged", "The retention of this edition's personal data ended at "
                    + purgeAt + "; its visitors can no longer be imported").withProperty("reason", "EDITION_PURGED")
                    .withProperty("purgeAt", purgeAt.toString());
        });
    }

    /** The cursor is the last attendee's registration id, unique in an edition, so pages neither skip nor repeat. */
    @GetMapping("/api/editions/{editionId}/attendees")
    Page<AttendeeView> list(@PathVariable String editionId, @RequestParam(required = false) String cursor,
                            @RequestParam(required = false) Integer limit, @AuthenticationPrincipal Jwt token) {
        editions.require(editionId);
        int size = Page.limit(limit);
        List<AttendeeView> fetched = directory.ofEdition(editionId, registrationAfter(cursor), size + 1).stream()
                .map(Attendee::view).toList();
        if (!fetched.isEmpty()) {
            audit.count(BulkRead.VISITOR_LIST, editionId, null, Tenant.of(token), Math.min(fetched.size(), size));
        }
        return Page.of(fetched, size, attendee -> Base64.getUrlEncoder().withoutPadding()
                .encodeToString(attendee.registrationId().getBytes(StandardCharsets.UTF_8)));
    }

    private static String registrationAfter(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField("cursor", "is not a cursor this list gave");
        }
    }

    @GetMapping("/api/attendees/{attendeeId}")
    AttendeeView attendee(@PathVariable String attendeeId) {
        return directory.requireRegistered(attendeeId).view();
    }

    private static Charset charset(String contentType) {
        try {
            Charset charset = MediaType.parseMediaType(contentType).getCharset();
            return charset == null ? StandardCharsets.UTF_8 : charset;
        } catch (IllegalArgumentException unsupported) {
            throw new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type",
                    "The charset of " + contentType + " is not one this service reads; send UTF-8");
        }
    }
}
