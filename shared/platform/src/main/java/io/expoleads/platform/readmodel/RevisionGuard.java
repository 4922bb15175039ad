package io.expoleads.platform.readmodel;

import com.mongodb.client.result.UpdateResult;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Keyed upserts for read models built from events that carry a revision: a document only ever
 * moves forward, so a redelivered, replayed or out-of-order event changes nothing.
 */
public final class RevisionGuard {

    public static final String REVISION = "revision";

    private RevisionGuard() {
    }

    /**
     * Writes {@code update} (plus the revision) to the document {@code id} unless it already holds
     * {@code revision} or a later one.
     *
     * @return whether the document changed
     */
    public static boolean upsertIfNewer(MongoTemplate mongo, String collection, String id, long revision, Update update) {
        Query olderOrAbsent = Query.query(Criteria.where("_id").is(id).and(REVISION).lt(revision));
        try {
            UpdateResult result = mongo.upsert(olderOrAbsent, update.set(REVISION, revision), collection);
            return result.getMatchedCount() > 0 || result.getUpsertedId() != null;
        } catch (DuplicateKeyException alreadyNewer) {
            // The filter missed because the stored revision is the same or later; the insert it fell back to collided.
            return false;
        }
    }
}
