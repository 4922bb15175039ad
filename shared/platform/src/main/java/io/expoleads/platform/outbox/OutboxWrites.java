package io.expoleads.platform.outbox;

import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Writes an aggregate's new state and its new events in one single-document update, guarded by
 * the revision it was read at. The outbox is only ever appended to here and emptied by the relay,
 * never rewritten whole: a state read before the relay ran cannot bring back an event it already
 * published.
 */
public final class OutboxWrites {

    private OutboxWrites() {
    }

    /**
     * @return false when the stored document is no longer at {@code expectedRevision}
     */
    public static boolean updateIfUnchanged(MongoTemplate mongo, String collection, Object id, long expectedRevision,
                                            Object aggregate, List<OutboxEntry> newEvents) {
        return updateIfUnchanged(mongo, collection, id, expectedRevision, aggregate, newEvents, Map.of());
    }

    /**
     * The same, also appending to other append-only queues of the document (such as emails waiting
     * to be sent), which like the outbox are never rewritten from a possibly stale read.
     */
    public static boolean updateIfUnchanged(MongoTemplate mongo, String collection, Object id, long expectedRevision,
                                            Object aggregate, List<OutboxEntry> newEvents, Map<String, List<?>> appends) {
        Update update = update(mongo, aggregate, newEvents, appends);
        return mongo.updateFirst(unchangedSince(id, expectedRevision), update, collection).getMatchedCount() == 1;
    }

    /** The filter of a guarded update: the document, still at the revision it was read at. */
    public static Query unchangedSince(Object id, long expectedRevision) {
        return Query.query(Criteria.where("_id").is(id).and("revision").is(expectedRevision));
    }

    /**
     * The update that writes {@code aggregate}'s new state and appends its new events, for a caller
     * that sends many guarded updates in one bulk write (with {@link #unchangedSince}).
     */
    public static Update update(MongoTemplate mongo, Object aggregate, List<OutboxEntry> newEvents, Map<String, List<?>> appends) {
        Document state = new Document();
        mongo.getConverter().write(aggregate, state);
        state.remove("_id");
        state.remove("_class");
        state.remove(OutboxRelay.FIELD);
        appends.keySet().forEach(state::remove);
        Update update = new Update();
        state.forEach(update::set);
        // The converter leaves null properties out; a property that became null must be removed.
        mongo.getConverter().getMappingContext().getRequiredPersistentEntity(aggregate.getClass()).forEach(property -> {
            String field = property.getFieldName();
            if (!property.isIdProperty() && !OutboxRelay.FIELD.equals(field) && !appends.containsKey(field)
                    && !state.containsKey(field)) {
                update.unset(field);
            }
        });
        if (!newEvents.isEmpty()) {
            update.push(OutboxRelay.FIELD).each(newEvents.toArray());
        }
        appends.forEach((field, entries) -> {
            if (!entries.isEmpty()) {
                update.push(field).each(entries.toArray());
            }
        });
        return update;
    }
}
