package io.expoleads.lead.lead;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.expoleads.platform.web.ApiException;
import io.expoleads.platform.web.Page;
import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The queries of an exhibitor's lead list and statistics on the {@code leads} collection (its
 * indexes are {@link LeadStore}'s): the list filtered, sorted and paged with a keyset cursor, and
 * the projection the statistics count, streamed.
 */
@Component
class LeadQueries {

    private final MongoTemplate mongo;
    private final JsonMapper json;

    LeadQueries(MongoTemplate mongo, JsonMapper json) {
        this.mongo = mongo;
        this.json = json;
    }

    /**
     * What an exhibitor's lead list is filtered on; a null filter is not applied.
     *
     * @param rating   exact rating, {@code 0} for leads nobody rated
     * @param tags     has every one of these tags
     * @param scanner  scanned (among others) by this staff member or device
     * @param from     scanned at or after this time (any of its scans)
     * @param to       scanned before this time (any of its scans)
     * @param text     found in the attendee's first name, last name or company, in any case
     */
    record LeadFilter(String exhibitorId, Integer rating, Integer minRating, List<String> tags, String scanner, Instant from,
                      Instant to, Boolean followUp, String text) {
    }

    /**
     * What the statistics count of one lead.
     *
     * @param scans    how many scans it has
     * @param scanners the scanner of each scan (staff member or device), one entry per scan that names one
     */
    record LeadTally(Integer rating, Instant firstScanAt, boolean followUp, boolean flagged, int scans, List<String> scanners) {
    }

    /**
     * One page of the leads the filter keeps, without their scans and pending events, in the order
     * of {@code field} then id, after the item the cursor names (the first page without one).
     *
     * @param field the stored field sorted on
     */
    Page<Lead> page(LeadFilter filter, String field, boolean descending, String cursor, int size) {
        List<Criteria> filters = new ArrayList<>();
        filters.add(Criteria.where("exhibitorId").is(filter.exhibitorId()));
        if (filter.rating() != null) {
            filters.add(Criteria.where("rating").is(filter.rating() == 0 ? null : filter.rating()));
        }
        if (filter.minRating() != null) {
            filters.add(Criteria.where("rating").gte(filter.minRating()));
        }
        if (filter.tags() != null && !filter.tags().isEmpty()) {
            filters.add(Criteria.where("tags").all(filter.tags().stream().map(String::strip).toList()));
        }
        if (filter.scanner() != null && !filter.scanner().isBlank()) {
            filters.add(Criteria.where("scannedBy").is(filter.scanner()));
        }
        if (filter.from() != null || filter.to() != null) {
            Criteria scanTime = Criteria.where("scannedAt");
            if (filter.from() != null) {
                scanTime = scanTime.gte(filter.from());
            }
            if (filter.to() != null) {
                scanTime = scanTime.lt(filter.to());
            }
            filters.add(Criteria.where("scans").elemMatch(scanTime));
        }
        if (filter.followUp() != null) {
            filters.add(Criteria.where("followUp").is(filter.followUp()));
        }
        if (filter.text() != null && !filter.text().isBlank()) {
            filters.add(Criteria.where("searchText").regex(Pattern.quote(filter.text().strip().toLowerCase(Locale.ROOT))));
        }
        if (cursor != null) {
            filters.add(after(field, descending, cursor));
        }
        Sort.Direction direction = descending ? Sort.Direction.DESC : Sort.Direction.ASC;
        Query query = Query.query(new Criteria().andOperator(filters)).with(Sort.by(direction, field).and(Sort.by(direction, "_id")))
                .limit(size + 1);
        query.fields().exclude("outbox").exclude("scans");
        List<Lead> fetched = mongo.find(query, Lead.class, LeadStore.COLLECTION);
        return Page.of(fetched, size, last -> cursorOf(field, last));
    }

    /**
     * Hands each of the exhibitor's leads, as the statistics count it, to {@code each}: streamed
     * {@link LeadExporter#BATCH} at a time, as the export reads them. Without a batch size the store
     * answers each read with up to 16 MB of documents, tens of thousands of these small projected leads,
     * which the driver decodes together: the stats of 100,000 leads held some 20 MB more at once
     * ({@code LeadExportVolumeIT}).
     */
    void tally(String exhibitorId, Consumer<LeadTally> each) {
        Query query = Query.query(Criteria.where("exhibitorId").is(exhibitorId));
        query.fields().include("rating", "firstScanAt", "followUp", "flags", "scans.staffId", "scans.deviceId");
        query.cursorBatchSize(LeadExporter.BATCH);
        try (Stream<Document> leads = mongo.stream(query, Document.class, LeadStore.COLLECTION)) {
            leads.forEach(lead -> {
                List<Document> scans = lead.getList("scans", Document.class, List.of());
                List<String> scanners = new ArrayList<>(scans.size());
                for (Document scan : scans) {
                    String scanner = scan.getString("staffId") != null ? scan.getString("staffId") : scan.getString("deviceId");
                    if (scanner != null) {
                        scanners.add(scanner);
                    }
                }
                each.accept(new LeadTally(lead.getInteger("rating"), lead.getDate("firstScanAt").toInstant(),
                        Boolean.TRUE.equals(lead.getBoolean("followUp")), !lead.getList("flags", String.class, List.of()).isEmpty(),
                        scans.size(), List.copyOf(scanners)));
            });
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
