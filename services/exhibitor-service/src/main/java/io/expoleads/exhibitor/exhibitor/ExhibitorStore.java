package io.expoleads.exhibitor.exhibitor;

import java.util.Optional;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndReplaceOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Exhibitors in MongoDB. Every write replaces the whole document only if nobody changed it
 * since it was read (its revision), so a change and its outbox entry land together or not at all.
 */
@Component
class ExhibitorStore {

    static final String COLLECTION = "exhibitors";

    private final MongoTemplate mongo;

    ExhibitorStore(MongoTemplate mongo) {
        this.mongo = mongo;
        mongo.indexOps(COLLECTION).createIndex(new Index().on("editionId", Sort.Direction.ASC));
    }

    Optional<Exhibitor> find(String id) {
        return Optional.ofNullable(mongo.findById(id, Exhibitor.class, COLLECTION));
    }

    void insert(Exhibitor exhibitor) {
        mongo.insert(exhibitor, COLLECTION);
    }

    /** @return false when the stored exhibitor is no longer at {@code expectedRevision} */
    boolean replace(Exhibitor exhibitor, long expectedRevision) {
        Query current = Query.query(Criteria.where("_id").is(exhibitor.id()).and("revision").is(expectedRevision));
        return mongo.findAndReplace(current, exhibitor, FindAndReplaceOptions.none(), Exhibitor.class, COLLECTION) != null;
    }
}
