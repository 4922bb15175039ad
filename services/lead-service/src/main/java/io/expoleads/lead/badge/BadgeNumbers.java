package io.expoleads.lead.badge;

import java.time.Clock;
import java.time.Duration;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import org.bson.Document;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Which of an attendee's badges is the current one, in {@code badge_numbers}
 * ({@code {_id: attendeeId, current: n}}); an attendee without a document has badge 1. Revoking
 * raises the number atomically; every badge below it is revoked. Every scan checks the number, so
 * numbers are kept {@link #TIME_TO_LIVE} in memory: a revocation holds at once on the instance that
 * made it and within that time on the others.
 */
@Component
class BadgeNumbers {

    static final String COLLECTION = "badge_numbers";
    static final long FIRST = 1;
    static final Duration TIME_TO_LIVE = Duration.ofSeconds(2);

    private final MongoTemplate mongo;
    private final LoadingCache<String, Long> recent = Caffeine.newBuilder().expireAfterWrite(TIME_TO_LIVE)
            .maximumSize(200_000).build(this::load);
    private final Clock clock;

    BadgeNumbers(MongoTemplate mongo, Clock clock) {
        this.clock = clock;
        this.mongo = mongo;
    }

    /** The number of the attendee's current badge. */
    long current(String attendeeId) {
        return recent.get(attendeeId);
    }

    private long load(String attendeeId) {
        MongoCollection<Document> numbers = mongo.getCollection(COLLECTION);
        Document found = numbers.find(Filters.eq("_id", attendeeId)).projection(Projections.include("current")).first();
        return found == null ? FIRST : found.get("current", Number.class).longValue();
    }

    /** Revokes the attendee's current badge and answers the number of the one that replaces it. */
    long revoke(String attendeeId, String editionId) {
        Query byId = Query.query(Criteria.where("_id").is(attendeeId));
        mongo.upsert(byId, new Update().setOnInsert("current", FIRST).setOnInsert("editionId", editionId), COLLECTION);
        Document after = mongo.findAndModify(byId, new Update().inc("current", 1).set("revokedAt", clock.instant()),
                FindAndModifyOptions.options().returnNew(true), Document.class, COLLECTION);
        long current = after.get("current", Number.class).longValue();
        recent.put(attendeeId, current);
        return current;
    }
}
