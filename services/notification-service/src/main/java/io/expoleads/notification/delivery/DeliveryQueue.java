package io.expoleads.notification.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * The deliveries waiting for an attempt, each with when it is due, in a collection of their own
 * that holds only the unfinished ones (so looking for due work stays cheap however long the
 * delivery log grows). A worker claims an entry with a lease: if it dies mid-attempt the lease
 * runs out and the delivery is attempted again, by this instance or another.
 *
 * @see DeliveryDispatcher
 */
@Component
class DeliveryQueue {

    static final String COLLECTION = "delivery_queue";

    /** An unfinished delivery. {@code lane} groups the deliveries of one destination. */
    record Entry(String id, String lane, Instant dueAt, Instant leaseUntil) {
    }

    private final MongoTemplate mongo;

    DeliveryQueue(MongoTemplate mongo) {
        this.mongo = mongo;
        mongo.indexOps(COLLECTION).createIndex(new Index().on("dueAt", Sort.Direction.ASC));
    }

    /** Queues the delivery unless it already is: a second request keeps the first's schedule. */
    void add(String id, String lane, Instant dueAt) {
        mongo.upsert(byId(id), queued(lane, dueAt), COLLECTION);
    }

    /** Queues each delivery (its id to its lane) as {@link #add} does, in one bulk write. */
    void addAll(Map<String, String> lanes, Instant dueAt) {
        if (lanes.isEmpty()) {
            return;
        }
        BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, COLLECTION);
        lanes.forEach((id, lane) -> bulk.upsert(byId(id), queued(lane, dueAt)));
        bulk.execute();
    }

    private static Update queued(String lane, Instant dueAt) {
        return new Update().setOnInsert("lane", lane).setOnInsert("dueAt", dueAt);
    }

    /** Queues the delivery to be attempted at {@code dueAt}, whatever its schedule was. */
    void schedule(String id, String lane, Instant dueAt) {
        mongo.upsert(byId(id), new Update().set("lane", lane).set("dueAt", dueAt).unset("leaseUntil"), COLLECTION);
    }

    /**
     * Up to {@code limit} entries of lanes starting with {@code lanePrefix} (one channel's), due at
     * {@code now} and not leased, soonest first, leaving out the lanes that cannot take more work now
     * (so a backlog of one destination never hides the others').
     */
    List<Entry> due(Instant now, int limit, String lanePrefix, Collection<String> fullLanes) {
        // The prefix as a range (every lane starting with it sorts between it and it with its last
        // character's successor): as an index reads it, and what every store understands. One
        // criteria for the lane: a query holds one per field.
        String past = lanePrefix.substring(0, lanePrefix.length() - 1) + (char) (lanePrefix.charAt(lanePrefix.length() - 1) + 1);
        Criteria lane = Criteria.where("lane").gte(lanePrefix).lt(past);
        if (!fullLanes.isEmpty()) {
            lane = lane.nin(fullLanes);
        }
        Query query = Query.query(claimable(now)).addCriteria(lane).with(Sort.by("dueAt")).limit(limit);
        return mongo.find(query, Document.class, COLLECTION).stream().map(DeliveryQueue::entry).toList();
    }

    /** Takes the entry for {@code lease}; null when another worker was first or it is no longer due. */
    Entry claim(String id, Instant now, Duration lease) {
        Document claimed = mongo.findAndModify(Query.query(Criteria.where("_id").is(id)).addCriteria(claimable(now)),
                new Update().set("leaseUntil", now.plus(lease)), FindAndModifyOptions.options().returnNew(true),
                Document.class, COLLECTION);
        return claimed == null ? null : entry(claimed);
    }

    /** The claimed entry is due again at {@code dueAt}. */
    void release(String id, Instant dueAt) {
        mongo.updateFirst(byId(id), new Update().set("dueAt", dueAt).unset("leaseUntil"), COLLECTION);
    }

    /** Those of these deliveries whose attempt is under way now (claimed, the lease still running). */
    Set<String> leased(Collection<String> ids, Instant now) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        Query query = Query.query(Criteria.where("_id").in(ids).and("leaseUntil").gt(now));
        return mongo.find(query, Document.class, COLLECTION).stream().map(entry -> entry.getString("_id"))
                .collect(java.util.stream.Collectors.toSet());
    }

    void remove(String id) {
        mongo.remove(byId(id), COLLECTION);
    }

    long size() {
        return mongo.count(new Query(), COLLECTION);
    }

    private static Criteria claimable(Instant now) {
        return new Criteria().andOperator(Criteria.where("dueAt").lte(now),
                new Criteria().orOperator(Criteria.where("leaseUntil").exists(false), Criteria.where("leaseUntil").lte(now)));
    }

    private static Query byId(String id) {
        return Query.query(Criteria.where("_id").is(id));
    }

    private static Entry entry(Document document) {
        return new Entry(document.getString("_id"), document.getString("lane"), instant(document.get("dueAt")),
                instant(document.get("leaseUntil")));
    }

    private static Instant instant(Object value) {
        return value instanceof Date date ? date.toInstant() : null;
    }
}
