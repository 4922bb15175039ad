package io.expoleads.platform.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.expoleads.platform.tracing.TraceParent;
import io.opentelemetry.context.Scope;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Publishes the outbox entries of one collection's documents, oldest first, and removes each
 * entry once Kafka acknowledged it. An entry is removed only after its publish, so a crash in
 * between publishes it again: at-least-once, with the event id that lets consumers see the repeat.
 */
public class OutboxRelay {

    static final String FIELD = "outbox";
    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int DOCUMENTS_PER_PASS = 200;

    private final String collection;
    private final MongoTemplate mongo;
    private final KafkaTemplate<Object, Object> kafka;
    private final Duration sendTimeout;

    public OutboxRelay(String collection, MongoTemplate mongo, KafkaTemplate<Object, Object> kafka, Duration sendTimeout) {
        this.collection = collection;
        this.mongo = mongo;
        this.kafka = kafka;
        this.sendTimeout = sendTimeout;
        // Sparse: only documents with pending events are in it, so the sweep's lookup stays small.
        mongo.indexOps(collection).createIndex(new Index().on(FIELD + ".eventId", Sort.Direction.ASC).sparse());
    }

    /**
     * The documents with events pending. Every entry has an event id, so "some entry's eventId exists"
     * is "the outbox is not empty", asked so that the sparse index on it finds the few documents
     * concerned ({@code outbox.0} would read the whole collection).
     */
    static Criteria pending() {
        return Criteria.where(FIELD + ".eventId").exists(true);
    }

    public String collection() {
        return collection;
    }

    MongoTemplate mongo() {
        return mongo;
    }

    /**
     * Relays what is pending, pass after pass, until nothing is left. Each pass sends the events of
     * up to {@value #DOCUMENTS_PER_PASS} documents at once, so the producer batches them, then
     * waits for Kafka's acknowledgements and removes from each document the events acknowledged
     * in its order: an event that failed stays, with those after it, for the next pass.
     *
     * @return how many events were published
     */
    public int relayPending() {
        int published = 0;
        List<Document> pending;
        do {
            Query query = new Query(pending()).limit(DOCUMENTS_PER_PASS);
            query.fields().include(FIELD);
            pending = mongo.find(query, Document.class, collection);
            published += relay(pending);
        } while (pending.size() == DOCUMENTS_PER_PASS);
        return published;
    }

    /**
     * Relays the events of these documents only: what a writer just saved, found by id rather than
     * by a sweep of the collection.
     *
     * @return how many events were published
     */
    public int relayDocuments(Collection<?> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        Query query = Query.query(Criteria.where("_id").in(ids));
        query.fields().include(FIELD);
        List<Document> documents = mongo.find(query, Document.class, collection);
        documents.removeIf(document -> document.getList(FIELD, Document.class, List.of()).isEmpty());
        return relay(documents);
    }

    private int relay(List<Document> documents) {
        Map<Object, List<Sent>> sent = new LinkedHashMap<>();
        for (Document document : documents) {
            List<Sent> sends = new ArrayList<>();
            for (Document entry : document.getList(FIELD, Document.class, List.of())) {
                String json = entry.getString("json");
                // An entry without JSON is a tombstone: a null value, which compaction reads as a deletion.
                byte[] value = json == null ? null : json.getBytes(StandardCharsets.UTF_8);
                // Sent in the trace of the work that wrote it: the producer's span (and the record's
                // traceparent header) continue it, however much later and on whichever thread this runs.
                try (Scope ignored = TraceParent.resume(entry.getString("traceparent"))) {
                    sends.add(new Sent(entry.getString("eventId"), entry.getString("topic"),
                            kafka.send(entry.getString("topic"), entry.getString("key"), value)));
                }
            }
            sent.put(document.get("_id"), sends);
        }
        long deadline = System.nanoTime() + sendTimeout.toNanos();
        int published = 0;
        OutboxRelayException failure = null;
        BulkOperations removals = null;
        for (Map.Entry<Object, List<Sent>> document : sent.entrySet()) {
            List<String> acknowledged = new ArrayList<>();
            for (Sent send : document.getValue()) {
                try {
                    send.result().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    acknowledged.add(send.eventId());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failure = new OutboxRelayException("interrupted while publishing to " + send.topic(), e);
                    break;
                } catch (ExecutionException | TimeoutException e) {
                    log.warn("Kafka did not acknowledge an event for {} ({}); it stays in the outbox", send.topic(), e.toString());
                    failure = new OutboxRelayException("publish to " + send.topic() + " failed", e);
                    break;
                }
            }
            if (!acknowledged.isEmpty()) {
                if (removals == null) {
                    removals = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, collection);
                }
                removals.updateOne(Query.query(Criteria.where("_id").is(document.getKey())),
                        new Update().pull(FIELD, new Document("eventId", new Document("$in", acknowledged))));
                published += acknowledged.size();
            }
        }
        // The acknowledged events leave their documents in one bulk write: one round trip for the pass, not one per document.
        if (removals != null) {
            removals.execute();
        }
        if (failure != null) {
            throw failure;
        }
        return published;
    }

    private record Sent(String eventId, String topic, CompletableFuture<?> result) {
    }

    /** Kafka did not take an event; it stays in its outbox for the next pass. */
    public static class OutboxRelayException extends RuntimeException {
        OutboxRelayException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
