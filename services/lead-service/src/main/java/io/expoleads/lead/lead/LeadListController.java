package io.expoleads.lead.lead;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import io.expoleads.events.LeadView;
import io.expoleads.lead.attendee.AttendeeDirectory;
import io.expoleads.platform.security.Tenant;
import io.expoleads.platform.web.ApiException;
import io.expoleads.platform.web.Page;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * An exhibitor's leads, filtered, sorted and paged with a cursor. The cursor carries the last
 * item's sort value and id (keyset paging), so pages stay right while scans keep arriving.
 * Text search matches the attendee's name and company, case-insensitively, without {@code $text}.
 * The query itself is {@link LeadQueries}'.
 */
@RestController
class LeadListController {

    /** Sort keys clients may use, to the stored field they sort on. */
    private static final Map<String, String> SORTS = Map.of(
            "lastScanAt", "lastScanAt",
            "firstScanAt", "firstScanAt",
            "rating", "rating",
            "name", "searchText",
            "scanCount", "scanCount");

    private final LeadQueries queries;
    private final AttendeeDirectory attendees;
    private final LeadAccess access;

    LeadListController(LeadQueries queries, AttendeeDirectory attendees, LeadAccess access) {
        this.queries = queries;
        this.attendees = attendees;
        this.access = access;
    }

    /**
     * @param sort      one of lastScanAt (default), firstScanAt, rating, name, scanCount; a leading
     *                  {@code -} sorts descending (the default for lastScanAt is descending: {@code -lastScanAt})
     * @param rating    exact rating; {@code 0} means not rated
     * @param minRating rated at least this
     * @param tag       has every one of these tags
     * @param staff     scanned (among others) by this staff member or device
     * @param from      scanned at or after this time (any of its scans)
     * @param to        scanned before this time (any of its scans)
     * @param q         text found in the attendee's first name, last name or company
     */
    @GetMapping("/api/exhibitors/{exhibitorId}/leads")
    Page<LeadView> list(@PathVariable String exhibitorId,
                        @RequestParam(required = false) Integer rating,
                        @RequestParam(required = false) Integer minRating,
                        @RequestParam(required = false) List<String> tag,
                        @RequestParam(required = false) String staff,
                        @RequestParam(required = false) String from,
                        @RequestParam(required = false) String to,
                        @RequestParam(required = false) Boolean followUp,
                        @RequestParam(required = false) String q,
                        @RequestParam(defaultValue = "-lastScanAt") String sort,
                        @RequestParam(required = false) String cursor,
                        @RequestParam(required = false) Integer limit,
                        @AuthenticationPrincipal Jwt token) {
        access.requireExhibitor(Tenant.of(token), exhibitorId);
        int size = Page.limit(limit);
        boolean descending = sort.startsWith("-");
        String field = SORTS.get(descending ? sort.substring(1) : sort);
        if (field == null) {
            throw ApiException.invalidField("sort", "must be one of " + SORTS.keySet() + ", with a leading - for descending order");
        }
        if (rating != null && (rating < 0 || rating > 5)) {
            throw ApiException.invalidField("rating", "must be 0 (not rated) to 5");
        }
        if (minRating != null && (minRating < 1 || minRating > 5)) {
            throw ApiException.invalidField("minRating", "must be 1 to 5");
        }
        Instant since = instant("from", from);
        Instant until = instant("to", to);
        if (q != null && !q.isBlank() && q.length() > 100) {
            throw ApiException.invalidField("q", "must be at most 100 characters");
        }
        Page<Lead> page = queries.page(new LeadQueries.LeadFilter(exhibitorId, rating, minRating, tag, staff, since, until,
                followUp, q), field, descending, cursor, size);
        return new Page<>(page.items().stream().map(lead -> lead.viewShowing(attendees.visibleNow(lead.attendee()))).toList(),
                page.nextCursor());
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.invalidField(name, "must be a time such as 2026-11-24T09:00:00Z");
        }
    }
}
