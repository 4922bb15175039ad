package io.expoleads.notification.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.expoleads.events.Contract;
import io.expoleads.events.DeliveryOutcome;
import io.expoleads.events.EventEnvelope;
import io.expoleads.events.EventTypes;
import io.expoleads.events.Topics;
import io.expoleads.platform.outbox.EventWriter;
import io.expoleads.platform.outbox.OutboxRelays;
import org.springframework.data.domain.Sort;
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
        Delivery delivery = mongo.findAndModify(byId(request.id()), new Update()
                        .setOnInsert("kind", request.kind())
                        .setOnInsert("channel", request.channel())
                        .setOnInsert("target", request.target())
                        .setOnInsert("destination", request.destination())
                        .setOnInsert("exhibitorId", request.exhibitorId())
                        .setOnInsert("editionId", request.editionId())
                        .setOnInsert("leadId", request.leadId())
                        .setOnInsert("eventId", request.eventId())
                        .setOnInsert("content", request.content())
                        .setOnInsert("createdAt", now)
                        .setOnInsert("status", Delivery.Status.PENDING)
                        .setOnInsert("attempts", 0)
                        .setOnInsert("roundAttempts", 0)
                        .setOnInsert("replays", 0)
                        .setOnInsert("nextAttemptAt", now),
                FindAndModifyOptions.options().upsert(true).returnNew(true), Delivery.class, COLLECTION);
        if (!delivery.status().isFinal()) {
            queue.add(delivery.id(), lane(delivery), now);
            dueListeners.forEach(Runnable::run);
        }
        return delivery;
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
        return (delivery.channel() == Delivery.Channel.WEBHOOK ? "webhook:" : "email:") + delivery.exhibitorId()
                + (delivery.channel() == Delivery.Channel.WEBHOOK ? "/" + delivery.target() : "");
    }

    private static Query byId(String id) {
        return Query.query(Criteria.where("_id").is(id));
    }
}
