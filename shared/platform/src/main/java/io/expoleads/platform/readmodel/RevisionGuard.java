package io.expoleads.platform.readmodel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.mongodb.ErrorCategory;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.result.UpdateResult;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.BulkOperationException;
import org.springframework.data.mongodb.core.BulkOperations;
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

    /** One keyed write of {@link #upsertAllIfNewer}: {@code update} to document {@code id} at {@code revision}. */
    public record Write(String id, long revision, Update update) {
    }

    /**
     * Makes each write as {@link #upsertIfNewer} makes one, all in one unordered bulk write (a poll's
     * events in one round trip). Of several writes to one document only the one of the latest revision
     * is sent: the others would change nothing once it is applied, whatever the order.
     *
     * @return how many documents changed
     */
    public static int upsertAllIfNewer(MongoTemplate mongo, String collection, List<Write> writes) {
        Map<String, Write> latest = new LinkedHashMap<>();
        for (Write write : writes) {
            latest.merge(write.id(), write, (kept, next) -> next.revision() > kept.revision() ? next : kept);
        }
        if (latest.isEmpty()) {
            return 0;
        }
        BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, collection);
        for (Write write : latest.values()) {
            bulk.upsert(Query.query(Criteria.where("_id").is(write.id()).and(REVISION).lt(write.revision())),
                    write.update().set(REVISION, write.revision()));
        }
        BulkWriteResult result;
        try {
            result = bulk.execute();
        } catch (BulkOperationException partly) {
            // Only documents that already hold the revision or a later one may refuse (their insert collided).
            if (partly.getErrors().stream().anyMatch(error -> error.getCategory() != ErrorCategory.DUPLICATE_KEY)) {
                throw partly;
            }
            result = partly.getResult();
        }
        return result.getMatchedCount() + result.getUpserts().size();
    }
}
