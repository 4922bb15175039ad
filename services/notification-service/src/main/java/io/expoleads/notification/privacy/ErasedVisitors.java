package io.expoleads.notification.privacy;

import java.time.Instant;
import java.util.Date;

import io.expoleads.platform.privacy.VisitorKeys;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * The visitors erased, by id and time only ({@value #COLLECTION}): pseudonymous markers that keep an
 * erased visitor's lead events (a late one, a replay) from being opened or copied again, and their
 * key from being kept again if its old record is read once more.
 */
@Component
public class ErasedVisitors {

    static final String COLLECTION = "erased_visitors";

    private final MongoTemplate mongo;
    private final VisitorKeys keys;

    ErasedVisitors(MongoTemplate mongo, VisitorKeys keys) {
        this.mongo = mongo;
        this.keys = keys;
    }

    /** Marks the visitor erased, then forgets their key; idempotent (the first time is kept). */
    public void erased(String attendeeId, Instant erasedAt) {
        // The marker first: there is never a moment without both the key and the marker.
        mongo.upsert(Query.query(Criteria.where("_id").is(attendeeId)), new Update().setOnInsert("erasedAt", Date.from(erasedAt)),
                COLLECTION);
        keys.forget(attendeeId);
    }

    public boolean isErased(String attendeeId) {
        return mongo.exists(Query.query(Criteria.where("_id").is(attendeeId)), COLLECTION);
    }
}
