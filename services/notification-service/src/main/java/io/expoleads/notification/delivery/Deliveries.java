package io.expoleads.notification.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.mongodb.ErrorCategory;
import io.expoleads.events.Contract;
import io.expoleads.events.DeliveryOutcome;
import io.expoleads.events.EventEnvelope;
import io.expoleads.events.EventTypes;
import io.expoleads.events.Topics;
import io.expoleads.platform.outbox.EventWriter;
import io.expoleads.platform.outbox.OutboxRelays;
import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.BulkOperationException;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/**
 * The delivery log: opens deliveries (once per id, whoever asks again), records each attempt with
 * its outcome event in the delivery's outbox (one document, one atomic write), and replays finished
 * deliveries on request. Unfinished deliveries are kept in the {@link DeliveryQueue}.
 */
@Service
public class Deliveries {

    static final String COLLECTION = "deliveries";

    private final MongoTemplate mongo;
    private final DeliveryQueue queue;
    private final EventWriter events;
    private final OutboxRelays relays;
    private final List<Runnable> dueListeners = new CopyOnWriteArrayList<>();
    private final Clock clock = Clock.systemUTC();

    Deliveries(MongoTemplate mongo, DeliveryQueue queue, EventWriter events, OutboxRelays relays) {
        this.mongo = mongo;
        this.queue = queue;
        this.events = events;
        this.relays = relays;
        mongo.indexOps(COLLECTION).createIndex(new Index().on("exhibitorId", Sort.Direction.ASC)
                .on("createdAt", Sort.Direction.DESC).on("_id", Sort.Direction.DESC).named("log_order"));
    }

    /** Runs {@code listener} whenever a delivery becomes due at once. */
    void onDue(Runnable listener) {
        dueListeners.add(listener);
    }

    /**
     * Opens the delivery unless it exists; an unfinished one is (still) queued, a finished one is
     * left alone, so asking twice never sends twice.
     */
    public Delivery open(DeliveryRequest request) {
        Instant now = clock.instant();
        Update update = new Update();
        opened(request, now).forEach(update::setOnInsert);
        Delivery delivery = mongo.findAndModify(byId(request.id()), update,
                FindAndModifyOptions.options().upsert(true).returnNew(true), Delivery.class, COLLECTION);
        if (!delivery.status().isFinal()) {
            queue.add(delivery.id(), lane(delivery), now);
            dueListeners.forEach(Runnable::run);
        }
        return delivery;
    }

    /**
     * Opens each delivery that does not exist and queues every unfinished one, as {@link #open}
     * does one, in three round trips whatever their number (a poll of lead events opens hundreds
     * at once): one read of those that exist, one unordered insert of the others, one bulk write
     * to the queue; then the dispatcher is woken once. Of two requests with one id the first wins,
     * as it would have opened the delivery first.
     */
    public void openAll(List<DeliveryRequest> requests) {
        Map<String, DeliveryRequest> byId = new LinkedHashMap<>();
        requests.forEach(request -> byId.putIfAbsent(request.id(), request));
        if (byId.isEmpty()) {
            return;
        }
        Query existing = Query.query(Criteria.where("_id").in(byId.keySet()));
        existing.fields().include("status");
        Set<String> stored = new HashSet<>();
        Map<String, String> unfinished = new LinkedHashMap<>();
        for (Document delivery : mongo.find(existing, Document.class, COLLECTION)) {
            String id = delivery.getString("_id");
            stored.add(id);
            if (!Delivery.Status.valueOf(delivery.getString("status")).isFinal()) {
                // Opened by an earlier call that may have stopped before queueing it.
                unfinished.put(id, lane(byId.get(id)));
            }
        }
        Instant now = clock.instant();
        List<Document> created = new ArrayList<>();
        for (DeliveryRequest request : byId.values()) {
            if (!stored.contains(request.id())) {
                Document delivery = new Document("_id", request.id());
                delivery.putAll(opened(request, now));
                created.add(delivery);
                unfinished.put(request.id(), lane(request));
            }
        }
        insert(created);
        queue.addAll(unfinished, now);
        if (!unfinished.isEmpty()) {
            dueListeners.forEach(Runnable::run);
        }
    }

    /**
     * Inserts new deliveries. One that another writer (another instance, a release of waiting
     * alerts) inserted meanwhile exists, which is all that matters: it is queued like the others,
     * and the dispatcher drops the entry if it is finished already.
     */
    private void insert(List<Document> deliveries) {
        if (deliveries.isEmpty()) {
            return;
        }
        try {
            mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, COLLECTION).insert(deliveries).execute();
        } catch (BulkOperationException partly) {
            if (partly.getErrors().stream().anyMatch(error -> error.getCategory() != ErrorCategory.DUPLICATE_KEY)) {
                throw partly;
            }
        }
    }

    /** A new delivery's fields, all but its id: what {@link #open} sets on insert and {@link #openAll} inserts. */
    private static Document opened(DeliveryRequest request, Instant now) {
        Date at = Date.from(now);
        return new Document("kind", request.kind().name())
                .append("channel", request.channel().name())
                .append("target", request.target())
                .append("destination", request.destination())
                .append("exhibitorId", request.exhibitorId())
                .append("editionId", request.editionId())
                .append("leadId", request.leadId())
                .append("eventId", request.eventId())
                .append("content", request.content())
                .append("createdAt", at)
                .append("status", Delivery.Status.PENDING.name())
                .append("attempts", 0)
                .append("roundAttempts", 0)
                .append("replays", 0)
                .append("nextAttemptAt", at);
    }

    public Optional<Delivery> find(String id) {
        return Optional.ofNullable(mongo.findById(id, Delivery.class, COLLECTION));
    }

    /**
     * Records an attempt of {@code delivery} (as it was read before the attempt) and publishes its
     * outcome. Returns the delivery as recorded, or empty when another worker recorded an attempt
     * meanwhile (a lease that ran out): the later record is dropped, not counted twice.
     *
     * @param next when a failed attempt is tried again; null when the failure is final
     */
    Optional<Delivery> record(Delivery delivery, AttemptResult result, Instant attemptedAt, Instant next) {
        Delivery.Status status = switch (result.outcome()) {
            case SUCCEEDED -> Delivery.Status.SUCCEEDED;
            case FAILED -> next == null ? Delivery.Status.DEAD : Delivery.Status.RETRYING;
            case REJECTED, GONE -> Delivery.Status.DEAD;
            case CANCELLED -> Delivery.Status.CANCELLED;
        };
        int attempts = delivery.attempts() + 1;
        String detail = result.error() != null ? result.error() : result.reply();
        Delivery.Attempt attempt = new Delivery.Attempt(attempts, attemptedAt, result.outcome().name(), result.target(),
                result.code(), result.reply(), result.latencyMillis(), result.error());
        DeliveryOutcome outcome = new DeliveryOutcome(delivery.id(), delivery.exhibitorId(), delivery.kind().name(),
                delivery.channel().name(), delivery.target(), delivery.leadId(), attempts, attemptedAt, status.name(),
                result.code(), detail, result.latencyMillis(), next);
        String type = switch (status) {
            case SUCCEEDED -> EventTypes.DELIVERY_SUCCEEDED;
            case RETRYING, PENDING -> EventTypes.DELIVERY_FAILED;
            case DEAD, CANCELLED -> EventTypes.DELIVERY_DEAD;
        };
        UUID eventId = Contract.deterministicId(Topics.DELIVERIES, delivery.id(), Integer.toString(attempts));
        EventEnvelope<DeliveryOutcome> event = EventEnvelope.of(eventId, type, clock.instant(), delivery.editionId(),
                delivery.exhibitorId(), outcome);
        Update update = new Update()
                .set("status", status)
                .set("attempts", attempts)
                .set("roundAttempts", delivery.roundAttempts() + 1)
                .set("lastAttemptAt", attemptedAt)
                .set("detail", detail)
                .push("history", attempt)
                .push("outbox", events.entry(Topics.DELIVERIES, delivery.exhibitorId(), event));
        if (delivery.roundStartedAt() == null) {
            update.set("roundStartedAt", attemptedAt);
        }
        if (next == null) {
            update.unset("nextAttemptAt");
        } else {
            update.set("nextAttemptAt", next);
        }
        Delivery recorded = mongo.findAndModify(
                Query.query(Criteria.where("_id").is(delivery.id()).and("attempts").is(delivery.attempts())), update,
                FindAndModifyOptions.options().returnNew(true), Delivery.class, COLLECTION);
        if (recorded != null) {
            relays.wake(COLLECTION, List.of(delivery.id()));
        }
        return Optional.ofNullable(recorded);
    }

    /**
     * Starts a new round of attempts of a finished delivery, at once; its content and id stay
     * (a webhook receiver sees the same {@code webhook-id} and can tell it already has the message).
     *
     * @return the delivery queued again, or empty when it is not finished (already queued)
     */
    public Optional<Delivery> replay(Delivery delivery, String by) {
        if (!delivery.status().isFinal()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Delivery replayed = mongo.findAndModify(
                Query.query(Criteria.where("_id").is(delivery.id()).and("status").is(delivery.status())),
                new Update().set("status", Delivery.Status.PENDING).set("roundAttempts", 0).unset("roundStartedAt")
                        .set("nextAttemptAt", now).inc("replays", 1).set("detail", "replayed by " + by),
                FindAndModifyOptions.options().returnNew(true), Delivery.class, COLLECTION);
        if (replayed == null) {
            return Optional.empty();
        }
        queue.schedule(replayed.id(), lane(replayed), now);
        dueListeners.forEach(Runnable::run);
        return Optional.of(replayed);
    }

    /** One page of an exhibitor's deliveries, newest first. */
    List<Delivery> page(String exhibitorId, List<Criteria> filters, Instant beforeCreatedAt, String beforeId, int fetch) {
        List<Criteria> all = new ArrayList<>(filters);
        all.add(Criteria.where("exhibitorId").is(exhibitorId));
        if (beforeCreatedAt != null) {
            all.add(new Criteria().orOperator(Criteria.where("createdAt").lt(beforeCreatedAt),
                    Criteria.where("createdAt").is(beforeCreatedAt).and("_id").lt(beforeId)));
        }
        Query query = Query.query(new Criteria().andOperator(all));
        query.with(Sort.by(Sort.Order.desc("createdAt"), Sort.Order.desc("_id"))).limit(fetch);
        query.fields().exclude("outbox").exclude("content");
        return new ArrayList<>(mongo.find(query, Delivery.class, COLLECTION));
    }

    /** Deliveries of one destination sharing a lane are limited in how many attempts run at once. */
    static String lane(Delivery delivery) {
        return lane(delivery.channel(), delivery.exhibitorId(), delivery.target());
    }

    private static String lane(DeliveryRequest request) {
        return lane(request.channel(), request.exhibitorId(), request.target());
    }

    private static String lane(Delivery.Channel channel, String exhibitorId, String target) {
        return (channel == Delivery.Channel.WEBHOOK ? "webhook:" : "email:") + exhibitorId
                + (channel == Delivery.Channel.WEBHOOK ? "/" + target : "");
    }

    private static Query byId(String id) {
        return Query.query(Criteria.where("_id").is(id));
    }
}
