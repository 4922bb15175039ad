package io.expoleads.exhibitor.exhibitor;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.expoleads.events.ExhibitorStatus;
import io.expoleads.platform.outbox.OutboxEntry;
import io.expoleads.platform.outbox.OutboxWrites;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Exhibitors in MongoDB, one document each ({@link ExhibitorDocument}). A change is written only if
 * nobody changed the exhibitor since it was read (its revision), together with its event, so both
 * land or neither does.
 */
@Component
class ExhibitorStore {

    static final String COLLECTION = "exhibitors";

    private final MongoTemplate mongo;

    ExhibitorStore(MongoTemplate mongo) {
        this.mongo = mongo;
        mongo.indexOps(COLLECTION).createIndex(new Index().on("editionId", Sort.Direction.ASC));
        mongo.indexOps(COLLECTION).createIndex(new Index().on("editionId", Sort.Direction.ASC).on("status", Sort.Direction.ASC)
                .on("createdAt", Sort.Direction.ASC).on("_id", Sort.Direction.ASC).named("edition_status_applied"));
    }

    /**
     * Up to {@code count} of an edition's exhibitors, in the order they applied, after the one that
     * applied at {@code afterCreatedAt} with {@code afterId} (from the start when null); of one
     * status when {@code status} is given. Only what a list shows is read: no staff, history or outbox.
     */
    List<Exhibitor> ofEdition(String editionId, ExhibitorStatus status, Instant afterCreatedAt, String afterId, int count) {
        Criteria criteria = Criteria.where("editionId").is(editionId);
        if (status != null) {
            criteria = criteria.and("status").is(status);
        }
        if (afterCreatedAt != null) {
            criteria = criteria.orOperator(Criteria.where("createdAt").gt(afterCreatedAt),
                    Criteria.where("createdAt").is(afterCreatedAt).and("_id").gt(afterId));
        }
        Query query = Query.query(criteria).with(Sort.by("createdAt", "_id")).limit(count);
        query.fields().include("editionId", "revision", "status", "profile", "boothCode", "seats", "rejectionReason", "createdAt");
        return mongo.find(query, ExhibitorDocument.class, COLLECTION).stream().map(ExhibitorDocument::exhibitor).toList();
    }

    Optional<Exhibitor> find(String id) {
        return Optional.ofNullable(mongo.findById(id, ExhibitorDocument.class, COLLECTION)).map(ExhibitorDocument::exhibitor);
    }

    /** A new exhibitor, with its first events. */
    void insert(Exhibitor exhibitor, List<OutboxEntry> events) {
        mongo.insert(ExhibitorDocument.of(exhibitor, events), COLLECTION);
    }

    /** @return false when the stored exhibitor is no longer at {@code expectedRevision} */
    boolean update(Exhibitor exhibitor, long expectedRevision, List<OutboxEntry> events) {
        Update update = OutboxWrites.update(mongo, ExhibitorDocument.of(exhibitor, List.of()), events,
                Map.of(ApplicantEmail.QUEUE, exhibitor.newEmails()));
        // The stray copy of queued emails holds the applicant's address for nothing: it goes with the next change.
        update.unset(ExhibitorDocument.STRAY_EMAIL_COPY);
        return mongo.updateFirst(OutboxWrites.unchangedSince(exhibitor.id(), expectedRevision), update, COLLECTION)
                .getMatchedCount() == 1;
    }
}
