package io.expoleads.lead.lead;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.expoleads.leadfiles.ExportFormat;
import io.expoleads.platform.web.ApiException;
import io.expoleads.platform.web.Page;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * The log of lead exports, {@code lead_exports}: an entry is written as an export starts and
 * completed with its row count once the last row is written, or the client went away. Read newest
 * first, by exhibitor or by edition, with a cursor.
 */
@Component
public class LeadExportLog {

    static final String COLLECTION = "lead_exports";

    private final MongoTemplate mongo;

    LeadExportLog(MongoTemplate mongo) {
        this.mongo = mongo;
        mongo.indexOps(COLLECTION).createIndex(new Index().on("exhibitorId", Sort.Direction.ASC).on("startedAt", Sort.Direction.DESC));
        mongo.indexOps(COLLECTION).createIndex(new Index().on("editionId", Sort.Direction.ASC).on("startedAt", Sort.Direction.DESC));
    }

    LeadExport start(String exhibitorId, String editionId, String requestedBy, String role, ExportFormat format,
                     String sinceMode, Instant since, Instant startedAt) {
        LeadExport export = new LeadExport(UUID.randomUUID().toString(), exhibitorId, editionId, requestedBy, role,
                format.extension(), sinceMode, since, startedAt, null, 0, LeadExport.RUNNING);
        return mongo.insert(export, COLLECTION);
    }

    void finish(String exportId, long rows, boolean complete, Instant at) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(exportId)), new Update()
                .set("rows", rows)
                .set("finishedAt", at)
                .set("status", complete ? LeadExport.COMPLETE : LeadExport.INCOMPLETE), COLLECTION);
    }

    /** An export that held a lead: who made it, and when. */
    public record Held(String exhibitorId, String exportId, Instant at, String format) {
    }

    /**
     * The exports that held one of these leads: made by the lead's exhibitor after its first scan
     * and, with {@code since}, covering the lead (changed at or after it). A lead's {@code updatedAt}
     * only grows, so an export that held it is never missed; one made before a later change may be
     * listed too, which errs on the side of "may still have a copy".
     */
    public List<Held> holding(List<Lead> leads) {
        List<Held> held = new ArrayList<>();
        for (Lead lead : leads) {
            Query query = Query.query(Criteria.where("exhibitorId").is(lead.exhibitorId())
                    .and("startedAt").gte(lead.firstScanAt())).with(Sort.by(Sort.Direction.ASC, "startedAt"));
            for (LeadExport export : mongo.find(query, LeadExport.class, COLLECTION)) {
                if (export.since() == null || (lead.updatedAt() != null && !export.since().isAfter(lead.updatedAt()))) {
                    held.add(new Held(export.exhibitorId(), export.id(), export.startedAt(), export.format()));
                }
            }
        }
        return held;
    }

    Optional<LeadExport> find(String exportId) {
        return Optional.ofNullable(mongo.findById(exportId, LeadExport.class, COLLECTION));
    }

    /** The caller's latest complete export of the exhibitor's leads, if any. */
    Optional<LeadExport> lastComplete(String exhibitorId, String requestedBy) {
        Query query = Query.query(Criteria.where("exhibitorId").is(exhibitorId).and("requestedBy").is(requestedBy)
                .and("status").is(LeadExport.COMPLETE)).with(Sort.by(Sort.Direction.DESC, "startedAt")).limit(1);
        return Optional.ofNullable(mongo.findOne(query, LeadExport.class, COLLECTION));
    }

    /** Exports whose {@code field} (exhibitorId or editionId) is {@code value}, newest first. */
    Page<LeadExport> page(String field, String value, String cursor, Integer limit) {
        int size = Page.limit(limit);
        Criteria filter = Criteria.where(field).is(value);
        if (cursor != null) {
            String[] last = decode(cursor);
            Instant at;
            try {
                at = Instant.parse(last[0]);
            } catch (RuntimeException e) {
                throw ApiException.invalidField("cursor", "is not a cursor this list gave");
            }
            filter = new Criteria().andOperator(filter, new Criteria().orOperator(Criteria.where("startedAt").lt(at),
                    new Criteria().andOperator(Criteria.where("startedAt").is(at), Criteria.where("_id").lt(last[1]))));
        }
        Query query = Query.query(filter).with(Sort.by(Sort.Direction.DESC, "startedAt").and(Sort.by(Sort.Direction.DESC, "_id")))
                .limit(size + 1);
        List<LeadExport> fetched = mongo.find(query, LeadExport.class, COLLECTION);
        return Page.of(fetched, size, last -> Base64.getUrlEncoder().withoutPadding()
                .encodeToString((last.startedAt() + "|" + last.id()).getBytes(StandardCharsets.UTF_8)));
    }

    private static String[] decode(String cursor) {
        String[] parts;
        try {
            parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|", 2);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField("cursor", "is not a cursor this list gave");
        }
        if (parts.length != 2) {
            throw ApiException.invalidField("cursor", "is not a cursor this list gave");
        }
        return parts;
    }
}
