package io.expoleads.notification.privacy;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.expoleads.events.Contract;
import io.expoleads.events.ErasureProgress;
import io.expoleads.events.EventEnvelope;
import io.expoleads.events.EventTypes;
import io.expoleads.events.Topics;
import io.expoleads.platform.outbox.EventWriter;
import io.expoleads.platform.outbox.OutboxRelays;
import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * This service's part of a visitor's erasure, on {@code ErasureRequested} from
 * {@code expo.erasures.v1}: the visitor is marked erased and their key forgotten (without waiting
 * for the key's tombstone), every copy of their leads goes and the webhooks that were sent one are
 * called ({@link LeadErasures}), then {@code ErasureCompleted} is published with what was removed.
 * The erasure's record ({@value #COLLECTION}: ids, times and counts) carries that event in its
 * outbox, written once: a redelivered request publishes nothing twice. The {@code lead.erased}
 * calls are deliveries in their own right; the erasure does not wait for them.
 */
@Component
class Erasures {

    static final String COLLECTION = "erasures";
    /**
     * This service's name in an erasure's parts: the name lead-service waits for
     * ({@code expo.privacy.erasure-services}), whatever the process is called.
     */
    static final String SERVICE = "notification-service";

    private final ErasedVisitors erased;
    private final LeadErasures leads;
    private final MongoTemplate mongo;
    private final EventWriter events;
    private final OutboxRelays relays;
    private final Clock clock;

    Erasures(ErasedVisitors erased, LeadErasures leads, MongoTemplate mongo, EventWriter events, OutboxRelays relays,
             Clock clock) {
        this.clock = clock;
        this.erased = erased;
        this.leads = leads;
        this.mongo = mongo;
        this.events = events;
        this.relays = relays;
            }

    @KafkaListener(topics = Topics.ERASURES, groupId = "${expo.kafka.consumer-group:${spring.application.name}}-erasures")
    void on(EventEnvelope<ErasureProgress> event) {
        if (!EventTypes.ERASURE_REQUESTED.equals(event.type())) {
            return;
        }
        ErasureProgress erasure = event.payload();
        if (mongo.exists(org.springframework.data.mongodb.core.query.Query.query(
                org.springframework.data.mongodb.core.query.Criteria.where("_id").is(erasure.erasureId())), COLLECTION)) {
            return;
        }
        Instant requestedAt = erasure.requestedAt() == null ? event.occurredAt() : erasure.requestedAt();
        erased.erased(erasure.attendeeId(), requestedAt);
        Map<String, Long> removed = new LinkedHashMap<>();
        leads.erase(erasure.attendeeId(), erasure.leadIds(), requestedAt).forEach((what, count) -> removed.put(what, count.longValue()));
        Instant completedAt = clock.instant();
        ErasureProgress completed = erasure.completedBy(SERVICE, completedAt, removed);
        EventEnvelope<ErasureProgress> done = EventEnvelope.of(Contract.deterministicId(Topics.ERASURES, erasure.erasureId(), EventTypes.ERASURE_COMPLETED, SERVICE),
                EventTypes.ERASURE_COMPLETED, completedAt, erasure.editionId(), erasure.attendeeId(), completed);
        Document record = new Document("_id", erasure.erasureId()).append("attendeeId", erasure.attendeeId())
                .append("editionId", erasure.editionId()).append("requestedAt", Date.from(requestedAt))
                .append("completedAt", Date.from(completedAt)).append("removed", new Document(Map.copyOf(removed)));
        Document entry = new Document();
        mongo.getConverter().write(events.entry(Topics.ERASURES, erasure.attendeeId(), done), entry);
        entry.remove("_class");
        record.append("outbox", List.of(entry));
        try {
            mongo.insert(record, COLLECTION);
        } catch (DuplicateKeyException alreadyCompleted) {
            // Another delivery of the request finished first and published the completion.
            return;
        }
        relays.wake(COLLECTION, List.of(erasure.erasureId()));
    }
}
