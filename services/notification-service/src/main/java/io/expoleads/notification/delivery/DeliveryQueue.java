package io.expoleads.notification.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * The deliveries waiting for an attempt: the unfinished deliveries of the log, each in its own
 * document with when its next attempt is due ({@code nextAttemptAt}, which the delivery log shows
 * too), its {@code lane} (the deliveries of one destination) and, while an attempt is under way,
 * the lease of the worker that claimed it ({@code leaseUntil}). A worker that dies mid-attempt
 * leaves its lease to run out, and the delivery is attempted again, by this instance or another.
 * A finished delivery has none of the three, so the sparse indexes on the due time (and on the lane
 * then the due time, for the due read) hold only the unfinished ones and looking for due work stays
 * cheap however long the log grows.
 *
 * <p>Kept in the delivery itself rather than in a collection of its own (as before, {@code
 * delivery_queue}) so that an attempt costs two store commands where it cost four: the claim reads
 * the delivery it leases, and the write that records an attempt also schedules its retry or takes
 * it out of the queue ({@link Deliveries#record}). A store of an earlier version is adopted at start
 * ({@link #adoptEarlierQueue}).
 *
 * @see DeliveryDispatcher
 */
@Component
class DeliveryQueue {

    private static final Logger log = LoggerFactory.getLogger(DeliveryQueue.class);

    static final String DUE = "nextAttemptAt";
    static final String LANE = "lane";
    static final String LEASE = "leaseUntil";
    /** Where earlier versions kept the queue. */
    static final String EARLIER_COLLECTION = "delivery_queue";

    /** An unfinished delivery. {@code lane} groups the deliveries of one destination. */
    record Entry(String id, String lane, Instant dueAt, Instant leaseUntil) {
    }

    private final MongoTemplate mongo;

    DeliveryQueue(MongoTemplate mongo) {
        this.mongo = mongo;
        mongo.indexOps(Deliveries.COLLECTION).createIndex(new Index().on(DUE, Sort.Direction.ASC).sparse().named("queue_due"));
        // The due read: the lanes that can take work, each read in due order, instead of every due entry
        // of the lanes left out (a backlog of one destination) on the way to the few it takes.
        mongo.indexOps(Deliveries.COLLECTION).createIndex(new Index().on(LANE, Sort.Direction.ASC).on(DUE, Sort.Direction.ASC).sparse()
                .named("queue_lane_due"));
        adoptEarlierQueue();
    }

    /**
     * Takes over a store written by a version that kept the queue in {@code delivery_queue}: every
     * unfinished delivery there already held its due time in {@code nextAttemptAt} (set on opening,
     * on each retry and on a replay; taken out when it ended), so it is queued here once it has its
     * lane; then the old collection goes. Done at every start (a store adopted already has nothing
     * to do: one query of the unfinished deliveries without a lane). An attempt an instance of the
     * earlier version made at the switch may be made again: stop those before starting this one.
     */
    void adoptEarlierQueue() {
        Query laneless = Query.query(new Criteria().andOperator(Criteria.where(DUE).exists(true), Criteria.where(LANE).exists(false)));
        laneless.fields().include("channel", "exhibitorId", "target");
        List<Document> found = mongo.find(laneless, Document.class, Deliveries.COLLECTION);
        if (!found.isEmpty()) {
            BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, Deliveries.COLLECTION);
            for (Document delivery : found) {
                String lane = Deliveries.lane(Delivery.Channel.valueOf(delivery.getString("channel")), delivery.getString("exhibitorId"),
                        delivery.getString("target"));
                bulk.updateOne(Query.query(Criteria.where("_id").is(delivery.get("_id")).and(LANE).exists(false)),
                        new Update().set(LANE, lane));
            }
            bulk.execute();
        }
        if (mongo.collectionExists(EARLIER_COLLECTION)) {
            mongo.dropCollection(EARLIER_COLLECTION);
        }
        if (!found.isEmpty()) {
            log.info("Delivery queue of an earlier version adopted: {} unfinished deliveries queued in the delivery log", found.size());
        }
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
        Criteria lane = Criteria.where(LANE).gte(lanePrefix).lt(past);
        if (!fullLanes.isEmpty()) {
            lane = lane.nin(fullLanes);
        }
        Query query = Query.query(new Criteria().andOperator(claimable(now), lane)).with(Sort.by(DUE)).limit(limit);
        query.fields().include(LANE, DUE, LEASE);
        return mongo.find(query, Document.class, Deliveries.COLLECTION).stream().map(DeliveryQueue::entry).toList();
    }

    /**
     * Takes the delivery for {@code lease} and reads it, in one command (without its attempts' history
     * and outbox, which an attempt does not read); null when another worker was first, it is no longer
     * due, or it ended meanwhile.
     */
    Delivery claim(String id, Instant now, Duration lease) {
        Query query = Query.query(Criteria.where("_id").is(id).andOperator(claimable(now)));
        query.fields().exclude("history").exclude("outbox");
        return mongo.findAndModify(query, new Update().set(LEASE, now.plus(lease)), FindAndModifyOptions.options().returnNew(true),
                Delivery.class, Deliveries.COLLECTION);
    }

    /** The attempt recorded failed and is tried again at {@code dueAt}: part of the update that records it. */
    static void retryAt(Update recording, String lane, Instant dueAt) {
        // The lane too: a delivery an instance of the earlier version opened meanwhile has none yet.
        recording.set(DUE, dueAt).set(LANE, lane).unset(LEASE);
    }

    /** The delivery ended (or was cancelled): out of the queue, as part of the update that ends it. */
    static void leave(Update ending) {
        ending.unset(DUE).unset(LANE).unset(LEASE);
    }

    /** A delivery queued to be attempted at {@code dueAt}, whatever its schedule was: part of the update that (re)opens it. */
    static void queue(Update opening, String lane, Instant dueAt) {
        opening.set(DUE, dueAt).set(LANE, lane).unset(LEASE);
    }

    /**
     * How many deliveries are unfinished: due, leased to an attempt or waiting for a retry. By the
     * {@code count} command, which both stores answer from the index (the driver's countDocuments is
     * an aggregation, which the embedded store answers by reading the whole delivery log).
     */
    long size() {
        Document counted = mongo.executeCommand(new Document("count", Deliveries.COLLECTION)
                .append("query", new Document(DUE, new Document("$exists", true))));
        return ((Number) counted.get("n")).longValue();
    }

    /** When the soonest due unfinished delivery is due, null when none is unfinished. */
    Instant earliestDue() {
        Query earliest = Query.query(Criteria.where(DUE).exists(true)).with(Sort.by(DUE)).limit(1);
        earliest.fields().include(DUE);
        Document first = mongo.findOne(earliest, Document.class, Deliveries.COLLECTION);
        return first == null ? null : instant(first.get(DUE));
    }

    /**
     * Due at {@code now} and not leased. The presence of the due time is a clause of its own: the
     * sparse index finds the unfinished deliveries by it (the embedded store's index serves a plain
     * {@code $exists}, not a range).
     */
    static Criteria claimable(Instant now) {
        return new Criteria().andOperator(Criteria.where(DUE).exists(true), Criteria.where(DUE).lte(now),
                new Criteria().orOperator(Criteria.where(LEASE).exists(false), Criteria.where(LEASE).lte(now)));
    }

    private static Entry entry(Document document) {
        return new Entry(document.getString("_id"), document.getString(LANE), instant(document.get(DUE)), instant(document.get(LEASE)));
    }

    private static Instant instant(Object value) {
        return value instanceof Date date ? date.toInstant() : null;
    }
}
