package io.expoleads.lead.lead;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import io.expoleads.events.LeadView;
import io.expoleads.lead.attendee.AttendeeDirectory;
import io.expoleads.platform.security.Tenant;
import io.expoleads.platform.web.ApiException;
import io.expoleads.platform.web.Page;
import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An exhibitor's leads, filtered, sorted and paged with a cursor. The cursor carries the last
 * item's sort value and id (keyset paging), so pages stay right while scans keep arriving.
 * Text search matches the attendee's name and company, case-insensitively, without {@code $text}.
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

    private final MongoTemplate mongo;
    private final JsonMapper json;
    private final AttendeeDirectory attendees;
    private final LeadAccess access;

    LeadListController(MongoTemplate mongo, JsonMapper json, AttendeeDirectory attendees, LeadAccess access) {
        this.mongo = mongo;
        this.json = json;
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
        List<Criteria> filters = new ArrayList<>();
        filters.add(Criteria.where("exhibitorId").is(exhibitorId));
        if (rating != null) {
            if (rating < 0 || rating > 5) {
                throw ApiException.invalidField("rating", "must be 0 (not rated) to 5");
            }
            filters.add(Criteria.where("rating").is(rating == 0 ? null : rating));
        }
        if (minRating != null) {
            if (minRating < 1 || minRating > 5) {
                throw ApiException.invalidField("minRating", "must be 1 to 5");
            }
            filters.add(Criteria.where("rating").gte(minRating));
        }
        if (tag != null && !tag.isEmpty()) {
            filters.add(Criteria.where("tags").all(tag.stream().map(String::strip).toList()));
        }
        if (staff != null && !staff.isBlank()) {
            filters.add(Criteria.where("scannedBy").is(staff));
        }
        Instant since = instant("from", from);
        Instant until = instant("to", to);
        if (since != null || until != null) {
            Criteria scanTime = Criteria.where("scannedAt");
            if (since != null) {
                scanTime = scanTime.gte(since);
            }
            if (until != null) {
                scanTime = scanTime.lt(until);
            }
            filters.add(Criteria.where("scans").elemMatch(scanTime));
        }
        if (followUp != null) {
            filters.add(Criteria.where("followUp").is(followUp));
        }
        if (q != null && !q.isBlank()) {
            if (q.length() > 100) {
                throw ApiException.invalidField("q", "must be at most 100 characters");
            }
            filters.add(Criteria.where("searchText").regex(Pattern.quote(q.strip().toLowerCase(Locale.ROOT))));
        }
        if (cursor != null) {
            filters.add(after(field, descending, cursor));
        }
        Sort.Direction direction = descending ? Sort.Direction.DESC : Sort.Direction.ASC;
        Query query = Query.query(new Criteria().andOperator(filters)).with(Sort.by(direction, field).and(Sort.by(direction, "_id")))
                .limit(size + 1);
        query.fields().exclude("outbox").exclude("scans");
        List<Lead> fetched = mongo.find(query, Lead.class, LeadStore.COLLECTION);
        Page<Lead> page = Page.of(fetched, size, last -> cursorOf(field, last));
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

    private String cursorOf(String field, Lead last) {
        Object value = switch (field) {
            case "lastScanAt" -> last.lastScanAt().toString();
            case "firstScanAt" -> last.firstScanAt().toString();
            case "rating" -> last.rating();
            case "searchText" -> last.searchText();
            case "scanCount" -> last.scanCount();
            default -> throw new IllegalStateException(field);
        };
        Document cursor = new Document("f", field).append("v", value).append("id", last.id());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(cursor.toJson().getBytes(StandardCharsets.UTF_8));
    }

    /** Items strictly after the cursor's, in the order of {@code field} then id; nulls sort first. */
    private Criteria after(String field, boolean descending, String cursor) {
        JsonNode decoded;
        try {
            decoded = json.readTree(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw ApiException.invalidField("cursor", "is not a cursor this list gave");
        }
        if (decoded == null || !decoded.isObject() || !field.equals(decoded.path("f").asString(null))
                || !decoded.path("id").isString()) {
            throw ApiException.invalidField("cursor", "is not a cursor of this list and sort order");
        }
        String id = decoded.get("id").asString();
        JsonNode node = decoded.get("v");
        Object value;
        try {
            value = node == null || node.isNull() ? null
                    : node.isNumber() ? node.asInt()
                    : field.endsWith("At") ? Instant.parse(node.asString()) : node.asString();
        } catch (RuntimeException e) {
            // A number too large, an object where a value belongs, a time that is none.
            throw ApiException.invalidField("cursor", "is not a cursor this list gave");
        }
        if (value == null) {
            Criteria sameNull = new Criteria().andOperator(Criteria.where(field).is(null),
                    descending ? Criteria.where("_id").lt(id) : Criteria.where("_id").gt(id));
            return descending ? sameNull : new Criteria().orOperator(sameNull, Criteria.where(field).ne(null));
        }
        Criteria beyond = descending ? Criteria.where(field).lt(value) : Criteria.where(field).gt(value);
        Criteria tie = new Criteria().andOperator(Criteria.where(field).is(value),
                descending ? Criteria.where("_id").lt(id) : Criteria.where("_id").gt(id));
        return descending ? new Criteria().orOperator(beyond, tie, Criteria.where(field).is(null))
                : new Criteria().orOperator(beyond, tie);
    }
}
