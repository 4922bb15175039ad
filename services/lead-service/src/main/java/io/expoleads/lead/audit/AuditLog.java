package io.expoleads.lead.audit;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import io.expoleads.events.Contract;
import io.expoleads.platform.security.Tenant;
import io.expoleads.platform.web.ApiException;
import io.expoleads.platform.web.Page;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * The audit log of bulk reads of personal data, {@code audit_log}, one per edition for the
 * organizer. Exports and digest attachments are one entry each (keyed by their id, so a repeated
 * report counts once); visitor lists read page by page and badge codes shown one by one and directory searches add up, per
 * reader, kind and exhibitor, within the hour, so printing 30,000 badges makes a handful of entries.
 */
@Component
public class AuditLog {

    static final String COLLECTION = "audit_log";
    static final int BATCH = 500;
    static final Set<String> KINDS = Set.of(BulkRead.EXPORT, BulkRead.VISITOR_LIST, BulkRead.BADGE_CODE, BulkRead.DIGEST_ATTACHMENT,
            BulkRead.DIRECTORY_SEARCH);
    private static final List<String> ROLES = List.of("ORGANIZER", "EXHIBITOR_ADMIN", "STAFF", "DEVICE");

    private final MongoTemplate mongo;
    private final Clock clock;

    AuditLog(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
        mongo.indexOps(COLLECTION).createIndex(new Index().on("editionId", Sort.Direction.ASC).on("at", Sort.Direction.DESC));
    }

    /** The caller's most telling role, as the log names it. */
    public static String roleOf(Tenant caller) {
        return ROLES.stream().filter(caller::is).findFirst().orElse("UNKNOWN");
    }

    /** Who the caller is in the log: their staff id on a booth, else their account id. */
    public static String accountOf(Tenant caller) {
        return caller.staffId() != null ? caller.staffId() : caller.account();
    }

    /** Records one read, such as an export, under its own id: recording it again changes nothing. */
    public void record(String reference, String kind, String editionId, String exhibitorId, String account, String role,
                       Instant at, long visitors) {
        String id = Contract.deterministicId(COLLECTION, kind, String.valueOf(editionId), reference).toString();
        try {
            mongo.insert(new BulkRead(id, editionId, kind, exhibitorId, account, role, at, at, visitors, 1, reference), COLLECTION);
        } catch (DuplicateKeyException alreadyRecorded) {
            // A redelivered report of the same read.
        }
    }

    /** Adds a read of {@code visitors} rows to the caller's entry of this hour for that kind, edition and exhibitor. */
    public void count(String kind, String editionId, String exhibitorId, Tenant caller, long visitors) {
        Instant now = clock.instant();
        String account = accountOf(caller);
        String hour = now.truncatedTo(ChronoUnit.HOURS).toString();
        String id = Contract.deterministicId(COLLECTION, kind, editionId, String.valueOf(exhibitorId), account, hour).toString();
        mongo.findAndModify(Query.query(Criteria.where("_id").is(id)), new Update()
                        .setOnInsert("editionId", editionId).setOnInsert("kind", kind).setOnInsert("exhibitorId", exhibitorId)
                        .setOnInsert("account", account).setOnInsert("role", roleOf(caller)).setOnInsert("at", now)
                        .set("lastAt", now).inc("visitors", visitors).inc("reads", 1),
                FindAndModifyOptions.options().upsert(true), BulkRead.class, COLLECTION);
    }

    /** What the organizer asks of the log: the edition's entries, newest first, of a kind and a time range if given. */
    record Filter(String editionId, String kind, Instant from, Instant to) {

        Criteria criteria() {
            Criteria criteria = Criteria.where("editionId").is(editionId);
            if (kind != null) {
                criteria = criteria.and("kind").is(kind);
            }
            if (from != null && to != null) {
                criteria = criteria.and("at").gte(from).lt(to);
            } else if (from != null) {
                criteria = criteria.and("at").gte(from);
            } else if (to != null) {
                criteria = criteria.and("at").lt(to);
            }
            return criteria;
        }
    }

    Page<BulkRead> page(Filter filter, String cursor, Integer limit) {
        int size = Page.limit(limit);
        Criteria criteria = filter.criteria();
        if (cursor != null && !cursor.isBlank()) {
            String[] last = decode(cursor);
            Instant at;
            try {
                at = Instant.parse(last[0]);
            } catch (RuntimeException e) {
                throw cursorRefused();
            }
            criteria = new Criteria().andOperator(criteria, new Criteria().orOperator(Criteria.where("at").lt(at),
                    new Criteria().andOperator(Criteria.where("at").is(at), Criteria.where("_id").lt(last[1]))));
        }
        List<BulkRead> fetched = mongo.find(Query.query(criteria).with(newestFirst()).limit(size + 1), BulkRead.class, COLLECTION);
        return Page.of(fetched, size, last -> Base64.getUrlEncoder().withoutPadding()
                .encodeToString((last.at() + "|" + last.id()).getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Every entry the filter selects, newest first, read {@value #BATCH} at a time (without a batch size
     * the store answers each read with 16 MB of entries, which the driver decodes together).
     */
    java.util.stream.Stream<BulkRead> all(Filter filter) {
        return mongo.stream(Query.query(filter.criteria()).with(newestFirst()).cursorBatchSize(BATCH), BulkRead.class, COLLECTION);
    }

    private static Sort newestFirst() {
        return Sort.by(Sort.Direction.DESC, "at").and(Sort.by(Sort.Direction.DESC, "_id"));
    }

    private static String[] decode(String cursor) {
        String[] parts;
        try {
            parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|", 2);
        } catch (IllegalArgumentException e) {
            throw cursorRefused();
        }
        if (parts.length != 2) {
            throw cursorRefused();
        }
        return parts;
    }

    private static ApiException cursorRefused() {
        return ApiException.invalidField("cursor", "is not a cursor this list gave");
    }
}
