package io.expoleads.exhibitor.exhibitor;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.expoleads.platform.outbox.OutboxEntry;
import io.expoleads.platform.outbox.OutboxWrites;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Component;

/**
 * Exhibitors in MongoDB. A change is written only if nobody changed the exhibitor since it was
 * read (its revision), together with its event, so both land or neither does.
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
    boolean update(Exhibitor exhibitor, long expectedRevision, List<OutboxEntry> events) {
        return OutboxWrites.updateIfUnchanged(mongo, COLLECTION, exhibitor.id(), expectedRevision, exhibitor, events,
                Map.of(ApplicantEmail.QUEUE, exhibitor.newEmails()));
    }
}
