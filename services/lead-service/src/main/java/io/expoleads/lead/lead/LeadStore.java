package io.expoleads.lead.lead;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import io.expoleads.platform.outbox.OutboxEntry;
import io.expoleads.platform.outbox.OutboxRelays;
import io.expoleads.platform.outbox.OutboxWrites;
import io.expoleads.platform.work.Coalescer;
import jakarta.annotation.PreDestroy;
import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * The {@code leads} collection: its indexes, the reads of leads by id, visitor and edition, and the
 * writes of a lead with its pending event in one single-document operation, an update guarded by
 * the revision the lead was read at. What a lead becomes is the model's ({@link Lead}); this only
 * reads and writes it.
 */
@Component
public class LeadStore {

    public static final String COLLECTION = "leads";

    private final MongoTemplate mongo;
    private final OutboxRelays relays;
    private final Coalescer<String, Lead> receiptReads = new Coalescer<>("lead-receipt-reads", 256, this::readForReceipts);

    /** One lead's guarded update: written only if the lead is still at the revision it was read at. */
    record Update(long storedRevision, Lead changed, OutboxEntry event) {
    }

    LeadStore(MongoTemplate mongo, OutboxRelays relays) {
        this.mongo = mongo;
        this.relays = relays;
        mongo.indexOps(COLLECTION).createIndex(new Index().on("exhibitorId", Sort.Direction.ASC).on("attendeeId", Sort.Direction.ASC).unique());
        mongo.indexOps(COLLECTION).createIndex(new Index().on("exhibitorId", Sort.Direction.ASC).on("lastScanAt", Sort.Direction.DESC));
        mongo.indexOps(COLLECTION).createIndex(new Index().on("attendeeId", Sort.Direction.ASC));
        // The revision-guarded updates ask for {_id, revision}: MongoDB answers from the _id index;
        // mongo-java-server (local runs, tests) uses an index only for a query on exactly its keys.
        mongo.indexOps(COLLECTION).createIndex(new Index().on("_id", Sort.Direction.ASC).on("revision", Sort.Direction.ASC)
                .unique().named("revision_guard"));
    }

    public Optional<Lead> find(String leadId) {
        return Optional.ofNullable(mongo.findById(leadId, Lead.class, COLLECTION));
    }

    /** The leads of these ids that exist, by id. */
    Map<String, Lead> findAll(Collection<String> leadIds) {
        Map<String, Lead> found = new HashMap<>();
        mongo.find(Query.query(Criteria.where("_id").in(leadIds)), Lead.class, COLLECTION).forEach(lead -> found.put(lead.id(), lead));
        return found;
    }

    /** Every lead of the visitor, one per exhibitor that scanned them. */
    public List<Lead> leadsOf(String attendeeId) {
        return mongo.find(Query.query(Criteria.where("attendeeId").is(attendeeId)), Lead.class, COLLECTION);
    }

    /** The visitor's lead with this exhibitor (null: with every exhibitor). */
    List<Lead> leadsOf(String attendeeId, String exhibitorId) {
        Criteria criteria = Criteria.where("attendeeId").is(attendeeId);
        if (exhibitorId != null) {
            criteria = criteria.and("exhibitorId").is(exhibitorId);
        }
        return mongo.find(Query.query(criteria), Lead.class, COLLECTION);
    }

    /** The ids of the edition's leads, streamed rather than read whole. */
    List<String> idsOfEdition(String editionId) {
        Query ofEdition = Query.query(Criteria.where("editionId").is(editionId));
        ofEdition.fields().include("_id");
        List<String> leadIds = new ArrayList<>();
        try (Stream<Document> leads = mongo.stream(ofEdition, Document.class, COLLECTION)) {
            leads.forEach(lead -> leadIds.add(lead.getString("_id")));
        }
        return leadIds;
    }

    /**
     * The lead as a scan's answer shows it (without its scans and pending events), read together
     * with the leads concurrent scans look up.
     */
    public Optional<Lead> findForReceipt(String leadId) {
        return Optional.ofNullable(receiptReads.submit(leadId));
    }

    private List<Lead> readForReceipts(List<String> leadIds) {
        Query query = Query.query(Criteria.where("_id").in(leadIds));
        query.fields().exclude("scans").exclude("outbox");
        Map<String, Lead> found = new HashMap<>();
        mongo.find(query, Lead.class, COLLECTION).forEach(lead -> found.put(lead.id(), lead));
        return leadIds.stream().map(found::get).toList();
    }

    @PreDestroy
    void stop() {
        receiptReads.stop();
    }

    /** Writes a new lead with its event; false when another writer made the lead meanwhile. */
    boolean insert(Lead lead, OutboxEntry event) {
        try {
            mongo.insert(lead.withEvent(event), COLLECTION);
            return true;
        } catch (DuplicateKeyException concurrentFirstScan) {
            return false;
        }
    }

    /**
     * Writes new leads, each with its event, in one bulk write.
     *
     * @return false when it failed, some lead made meanwhile by another writer (those written stay)
     */
    boolean insertAll(List<Lead> leadsWithEvents) {
        try {
            mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, COLLECTION).insert(leadsWithEvents).execute();
            return true;
        } catch (RuntimeException raced) {
            return false;
        }
    }

    /** Writes the changed lead with its event if the stored one is still at {@code storedRevision}. */
    boolean update(long storedRevision, Lead changed, OutboxEntry event) {
        return OutboxWrites.updateIfUnchanged(mongo, COLLECTION, changed.id(), storedRevision, changed, List.of(event));
    }

    /**
     * Writes the changed leads in one bulk write, each guarded by its revision.
     *
     * @return false when some lead changed since it was read (the others are written)
     */
    boolean updateAll(List<Update> updates) {
        BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, COLLECTION);
        updates.forEach(update -> bulk.updateOne(OutboxWrites.unchangedSince(update.changed().id(), update.storedRevision()),
                OutboxWrites.update(mongo, update.changed(), List.of(update.event()), Map.of())));
        return bulk.execute().getMatchedCount() == updates.size();
    }

    /** Hands the events just written with these leads to the relay at once, rather than at its next sweep. */
    void relay(Collection<String> leadIds) {
        relays.wake(COLLECTION, leadIds);
    }
}
