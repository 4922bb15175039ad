package io.expoleads.lead.scan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import io.expoleads.platform.work.Coalescer;
import jakarta.annotation.PreDestroy;
import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.BulkOperationException;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * The scan ids each exhibitor's scanners used, claimed before a scan goes to Kafka and marked
 * published once Kafka holds it. Scan ids are made by the scanning clients, so they are unique
 * only within one exhibitor: the claim's id is the pair. A claim left unpublished (Kafka refused,
 * or the process died) is published again when the scanner resends; lead capture applies each
 * scan id once, so that never counts twice.
 */
@Component
class ScanClaims {

    static final String COLLECTION = "scan_claims";
    /** The most single scans one grouped read, insert or mark serves. */
    private static final int GROUP = 256;

    /** A scan id's claim: for which attendee, and whether Kafka already holds the scan. */
    record Claim(String attendeeId, boolean published) {
    }

    private final MongoTemplate mongo;
    /** Single scans' reads, inserts and marks, each grouped with those of concurrent scans. */
    private final Coalescer<String, Document> reads;
    private final Coalescer<Document, Boolean> inserts;
    private final Coalescer<String, Boolean> marks;

    ScanClaims(MongoTemplate mongo) {
        this.mongo = mongo;
        this.reads = new Coalescer<>("scan-claim-reads", GROUP, this::readAll);
        this.inserts = new Coalescer<>("scan-claim-inserts", GROUP, this::insertAll);
        this.marks = new Coalescer<>("scan-claim-marks", GROUP, this::markAll);
    }

    @PreDestroy
    void stop() {
        reads.stop();
        inserts.stop();
        marks.stop();
    }

    /** The claim of one scan id, if any; read together with concurrent scans' claims. */
    Optional<Claim> findOne(String exhibitorId, String scanId) {
        return Optional.ofNullable(reads.submit(idOf(exhibitorId, scanId))).map(ScanClaims::claimOf);
    }

    /**
     * Claims one scan id for its attendee, inserted together with concurrent scans' claims.
     *
     * @return the claim that existed before, or empty when this scan id is newly claimed (or
     *         claimed, unpublished, for the same attendee by a racing twin: publishing twice is harmless)
     */
    Optional<Claim> claimOne(String exhibitorId, String scanId, String attendeeId, Instant now) {
        Document claim = new Document("_id", idOf(exhibitorId, scanId)).append("exhibitorId", exhibitorId)
                .append("attendeeId", attendeeId).append("published", false).append("claimedAt", now);
        if (inserts.submit(claim)) {
            return Optional.empty();
        }
        Optional<Claim> existing = findOne(exhibitorId, scanId);
        return existing.filter(found -> found.published() || !found.attendeeId().equals(attendeeId));
    }

    /** Marks one claim published, together with concurrent scans' marks. */
    void publishedOne(String exhibitorId, String scanId) {
        marks.submit(idOf(exhibitorId, scanId));
    }

    private List<Document> readAll(List<String> ids) {
        Map<String, Document> found = new HashMap<>();
        Query query = Query.query(Criteria.where("_id").in(ids));
        mongo.find(query, Document.class, COLLECTION).forEach(claim -> found.put(claim.getString("_id"), claim));
        List<Document> inOrder = new ArrayList<>(ids.size());
        ids.forEach(id -> inOrder.add(found.get(id)));
        return inOrder;
    }

    /** @return per claim, whether it was inserted (false: a claim of that id exists) */
    private List<Boolean> insertAll(List<Document> claims) {
        Boolean[] inserted = new Boolean[claims.size()];
        java.util.Arrays.fill(inserted, Boolean.TRUE);
        Map<String, Integer> firstOfId = new HashMap<>();
        List<Document> distinct = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (int index = 0; index < claims.size(); index++) {
            if (firstOfId.putIfAbsent(claims.get(index).getString("_id"), index) != null) {
                inserted[index] = false;
            } else {
                distinct.add(claims.get(index));
                positions.add(index);
            }
        }
        try {
            mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, COLLECTION).insert(distinct).execute();
        } catch (BulkOperationException e) {
            for (BulkWriteError error : e.getErrors()) {
                if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
                inserted[positions.get(error.getIndex())] = false;
            }
        }
        return List.of(inserted);
    }

    private List<Boolean> markAll(List<String> ids) {
        BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, COLLECTION);
        ids.forEach(id -> bulk.updateOne(Query.query(Criteria.where("_id").is(id)), new Update().set("published", true)));
        bulk.execute();
        return ids.stream().map(id -> Boolean.TRUE).toList();
    }

    private static Claim claimOf(Document claim) {
        return new Claim(claim.getString("attendeeId"), Boolean.TRUE.equals(claim.getBoolean("published")));
    }

    static String idOf(String exhibitorId, String scanId) {
        return exhibitorId + "/" + scanId;
    }

    /**
     * Claims the scan ids for their attendees.
     *
     * @param attendeeByScanId the attendee each new scan is for, by scan id
     * @return the claims that existed before, by scan id; a scan id absent from it is newly claimed
     */
    Map<String, Claim> claim(String exhibitorId, Map<String, String> attendeeByScanId, Instant now) {
        return claim(exhibitorId, attendeeByScanId, find(exhibitorId, attendeeByScanId.keySet()), now);
    }

    /** The same, with the claims of these scan ids already read (by {@link #takenBefore}'s caller, say). */
    Map<String, Claim> claim(String exhibitorId, Map<String, String> attendeeByScanId, Map<String, Claim> existing, Instant now) {
        List<Document> fresh = new ArrayList<>();
        attendeeByScanId.forEach((scanId, attendeeId) -> {
            if (!existing.containsKey(scanId)) {
                fresh.add(new Document("_id", idOf(exhibitorId, scanId)).append("exhibitorId", exhibitorId)
                        .append("attendeeId", attendeeId).append("published", false).append("claimedAt", now));
            }
        });
        if (fresh.isEmpty()) {
            return existing;
        }
        try {
            if (fresh.size() == 1) {
                mongo.insert(fresh.get(0), COLLECTION);
            } else {
                mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, COLLECTION).insert(fresh).execute();
            }
        } catch (DuplicateKeyException | BulkOperationException | MongoBulkWriteException raced) {
            // Another request claimed some of them meanwhile (the same scanner resending at once):
            // those are claims that existed before; the others were inserted.
            List<String> lost = new ArrayList<>();
            for (Document claim : fresh) {
                lost.add(claim.getString("_id").substring(exhibitorId.length() + 1));
            }
            Map<String, Claim> current = find(exhibitorId, lost);
            Map<String, Claim> merged = new HashMap<>(existing);
            current.forEach((scanId, claim) -> {
                if (!claim.published() && claim.attendeeId().equals(attendeeByScanId.get(scanId))) {
                    // Present and unpublished: ours or a racing twin's; publishing twice is harmless.
                    return;
                }
                merged.put(scanId, claim);
            });
            return merged;
        }
        return existing;
    }

    /** The claims of these scan ids that Kafka already holds, by scan id. */
    static Map<String, Claim> takenBefore(Map<String, Claim> claims) {
        Map<String, Claim> published = new HashMap<>(claims);
        published.values().removeIf(claim -> !claim.published());
        return published;
    }

    /** Marks the claims published, each by its id, in one bulk write. */
    void published(String exhibitorId, Collection<String> scanIds) {
        if (scanIds.isEmpty()) {
            return;
        }
        BulkOperations marks = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, COLLECTION);
        scanIds.forEach(scanId -> marks.updateOne(Query.query(Criteria.where("_id").is(idOf(exhibitorId, scanId))),
                new Update().set("published", true)));
        marks.execute();
    }

    /** The claims of these scan ids, by scan id, in one read. */
    Map<String, Claim> find(String exhibitorId, Collection<String> scanIds) {
        List<String> ids = scanIds.stream().map(scanId -> idOf(exhibitorId, scanId)).toList();
        Map<String, Claim> claims = new HashMap<>();
        Query query = Query.query(Criteria.where("_id").in(ids));
        for (Document claim : mongo.find(query, Document.class, COLLECTION)) {
            claims.put(claim.getString("_id").substring(exhibitorId.length() + 1),
                    new Claim(claim.getString("attendeeId"), Boolean.TRUE.equals(claim.getBoolean("published"))));
        }
        return claims;
    }
}
