package io.expoleads.platform.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Sort;
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

    public String collection() {
        return collection;
    }

    /**
     * Relays what is pending, pass after pass, until nothing is left.
     *
     * @return how many events were published
     */
    public int relayPending() {
        int published = 0;
        List<Document> pending;
        do {
            Query query = new Query(Criteria.where(FIELD + ".0").exists(true)).limit(DOCUMENTS_PER_PASS);
            query.fields().include(FIELD);
            pending = mongo.find(query, Document.class, collection);
            for (Document document : pending) {
                published += relay(document);
            }
        } while (pending.size() == DOCUMENTS_PER_PASS);
        return published;
    }

    private int relay(Document document) {
        Object id = document.get("_id");
        int published = 0;
        for (Document entry : document.getList(FIELD, Document.class, List.of())) {
            String eventId = entry.getString("eventId");
            publish(entry.getString("topic"), entry.getString("key"), entry.getString("json"));
            mongo.updateFirst(Query.query(Criteria.where("_id").is(id)),
                    new Update().pull(FIELD, new Document("eventId", eventId)),
                    collection);
            published++;
        }
        return published;
    }

    private void publish(String topic, String key, String json) {
        try {
            kafka.send(topic, key, json.getBytes(StandardCharsets.UTF_8))
                    .get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OutboxRelayException("interrupted while publishing to " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            log.warn("Kafka did not acknowledge an event for {} ({}); it stays in the outbox", topic, e.toString());
            throw new OutboxRelayException("publish to " + topic + " failed", e);
        }
    }

    /** Kafka did not take an event; it stays in its outbox for the next pass. */
    public static class OutboxRelayException extends RuntimeException {
        OutboxRelayException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
