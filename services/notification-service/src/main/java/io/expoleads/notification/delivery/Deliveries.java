package io.expoleads.notification.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The delivery log: opens deliveries (once per id, whoever asks again), records each attempt with
 * its outcome event in the delivery's outbox (one document, one atomic write), and replays finished
 * deliveries on request. An unfinished delivery is queued in its own document ({@link DeliveryQueue}):
 * opening it queues it, and the write that records its last attempt takes it out.
 */
@Service
public class Deliveries {

    static final String COLLECTION = "deliveries";
    private static final String ATTACHED_VISITORS = "attachedVisitors";

    private final MongoTemplate mongo;
    private final EventWriter events;
    private final OutboxRelays relays;
    private final List<Consumer<Collection<String>>> dueListeners = new CopyOnWriteArrayList<>();
    private final JsonMapper json;
    private final Clock clock;

    Deliveries(MongoTemplate mongo, EventWriter events, OutboxRelays relays, JsonMapper json, Clock clock) {
        this.clock = clock;
        this.mongo = mongo;
        this.json = json;
        this.events = events;
        this.relays = relays;
        mongo.indexOps(COLLECTION).createIndex(new Index().on("exhibitorId", Sort.Direction.ASC)
                .on("createdAt", Sort.Direction.DESC).on("_id", Sort.Direction.DESC).named("log_order"));
        mongo.indexOps(COLLECTION).createIndex(new Index().on("leadId", Sort.Direction.ASC));
        mongo.indexOps(COLLECTION).createIndex(new Index().on("attendeeId", Sort.Direction.ASC).sparse());
    }

    /** Tells {@code listener} whenever deliveries become due at once, and in which lanes ({@link #lane}). */
    void onDue(Consumer<Collection<String>> listener) {
        dueListeners.add(listener);
    }

    private void due(Collection<String> lanes) {
        dueListeners.forEach(listener -> listener.accept(lanes));
    }

    /**
     * Opens the delivery unless it exists, queued at once; an existing one is left alone (queued
     * while unfinished), so asking twice never sends twice.
     */
    public Delivery open(DeliveryRequest request) {
        Instant now = clock.instant();
        Update update = new Update();
        opened(request, now).forEach(update::setOnInsert);
        Delivery delivery = mongo.findAndModify(byId(request.id()), update,
                FindAndModifyOptions.options().upsert(true).returnNew(true), Delivery.class, COLLECTION);
        if (!delivery.status().isFinal()) {
            due(List.of(lane(delivery)));
        }
        return delivery;
    }

    /**
     * Opens each delivery that does not exist, as {@link #open} does one, in two round trips
     * whatever their number (a poll of lead events opens hundreds at once): one read of those that
     * exist, one unordered insert of the others (queued as they are inserted); then the dispatcher
     * is woken once. Of two requests with one id the first wins, as it would have opened the
     * delivery first.
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
                // Queued since it was opened: the dispatcher is woken for it all the same.
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
        if (!unfinished.isEmpty()) {
            due(Set.copyOf(unfinished.values()));
        }
    }

    /**
     * Inserts new deliveries. One that another writer (another instance, a release of waiting
     * alerts) inserted meanwhile exists, which is all that matters: it was queued when it was.
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

    /** A new delivery's fields, all but its id, queued: what {@link #open} sets on insert and {@link #openAll} inserts. */
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
                .append("attendeeId", request.attendeeId())
                .append("createdAt", at)
                .append("status", Delivery.Status.PENDING.name())
                .append("attempts", 0)
                .append("roundAttempts", 0)
                .append("replays", 0)
                .append(DeliveryQueue.DUE, at)
                .append(DeliveryQueue.LANE, lane(request))
                .append("traceparent", request.traceparent());
    }

    public Optional<Delivery> find(String id) {
        return Optional.ofNullable(mongo.findById(id, Delivery.class, COLLECTION));
    }

    /**
     * Notes how many visitors' leads the file of a digest about to be sent holds: the organizer's
     * audit log counts them once the digest is sent (on its outcome event).
     */
    public void attached(String deliveryId, int visitors) {
        mongo.updateFirst(byId(deliveryId), new Update().set(ATTACHED_VISITORS, visitors), COLLECTION);
    }

    private Integer attachedVisitors(String deliveryId) {
        Query query = byId(deliveryId);
        query.fields().include(ATTACHED_VISITORS);
        Document found = mongo.findOne(query, Document.class, COLLECTION);
        return found == null ? null : found.getInteger(ATTACHED_VISITORS);
    }

    /**
     * Records an attempt of {@code delivery} (as it was read before the attempt) and publishes its
     * outcome. Returns the delivery as recorded (built here from what was read and what the write set,
     * not read back: the store's answer and its mapping were half of the recording's cost; its history
     * is what was read of it, none when claimed, with this attempt), or empty when another worker
     * recorded an attempt meanwhile (a lease that ran out): the later record is dropped, not counted twice.
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
        if (delivery.kind() == Delivery.Kind.ERASURE) {
            // It comes after the visitor's erasure, so nothing would remove an echo of them from its answers: none is kept.
            attempt = withoutEcho(attempt);
            detail = ReceiverEchoes.withoutEcho(delivery.channel() == Delivery.Channel.WEBHOOK && result.error() == null
                    ? "HTTP " + result.code() : detail);
        }
        // The event says how the attempt went, never what the receiver answered: a CRM's answer may echo the lead.
        DeliveryOutcome outcome = new DeliveryOutcome(delivery.id(), delivery.exhibitorId(), delivery.kind().name(),
                delivery.channel().name(), delivery.target(), delivery.leadId(), attempts, attemptedAt, status.name(),
                result.code(), ReceiverEchoes.eventDetail(delivery.channel(), result), result.latencyMillis(), next,
                status == Delivery.Status.SUCCEEDED && delivery.kind() == Delivery.Kind.DIGEST ? attachedVisitors(delivery.id()) : null);
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
        // Out of the queue, or queued for the retry, in the same write.
        if (next == null) {
            DeliveryQueue.leave(update);
        } else {
            DeliveryQueue.retryAt(update, lane(delivery), next);
        }
        // An erasure meanwhile wins: what the attempt brought back is not recorded against an erased lead.
        boolean recorded = mongo.updateFirst(
                Query.query(Criteria.where("_id").is(delivery.id()).and("attempts").is(delivery.attempts())
                        .and("erasedAt").exists(false)), update, Delivery.class, COLLECTION).getMatchedCount() == 1;
        if (!recorded) {
            return Optional.empty();
        }
        relays.wake(COLLECTION, List.of(delivery.id()));
        return Optional.of(delivery.after(attempt, status, detail, next));
    }

    /**
     * Starts a new round of attempts of a finished delivery, at once; its content and id stay
     * (a webhook receiver sees the same {@code webhook-id} and can tell it already has the message).
     *
     * @return the delivery queued again, or empty when it is not finished (already queued)
     */
    public Optional<Delivery> replay(Delivery delivery, String by) {
        if (!delivery.status().isFinal() || delivery.erasedAt() != null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Update replay = new Update().set("status", Delivery.Status.PENDING).set("roundAttempts", 0).unset("roundStartedAt")
                .inc("replays", 1).set("detail", "replayed by " + by);
        DeliveryQueue.queue(replay, lane(delivery), now);
        Delivery replayed = mongo.findAndModify(
                Query.query(Criteria.where("_id").is(delivery.id()).and("status").is(delivery.status()).and("erasedAt").exists(false)),
                replay, FindAndModifyOptions.options().returnNew(true), Delivery.class, COLLECTION);
        if (replayed == null) {
            return Optional.empty();
        }
        due(List.of(lane(replayed)));
        return Optional.of(replayed);
    }

    /** A webhook that was sent a call about a lead (an alert or an update): it may hold the lead. */
    public record WebhookReached(String leadId, String exhibitorId, String editionId, String webhookId) {
    }

    /**
     * The webhooks that were sent a call about these leads: an attempt was made (whatever its outcome,
     * as the receiver may have kept what it got), or one is under way now. A delivery never attempted
     * reached nobody.
     */
    public List<WebhookReached> webhooksReached(Collection<String> leadIds) {
        if (leadIds.isEmpty()) {
            return List.of();
        }
        Query query = Query.query(Criteria.where("leadId").in(leadIds).and("channel").is(Delivery.Channel.WEBHOOK.name())
                .and("kind").in(Delivery.Kind.ALERT.name(), Delivery.Kind.UPDATE.name()));
        query.fields().include("leadId", "exhibitorId", "editionId", "target", "attempts", DeliveryQueue.LEASE);
        Date now = Date.from(clock.instant());
        Set<WebhookReached> reached = new LinkedHashSet<>();
        for (Document delivery : mongo.find(query, Document.class, COLLECTION)) {
            boolean underWay = delivery.get(DeliveryQueue.LEASE) instanceof Date lease && lease.after(now);
            if (delivery.getInteger("attempts", 0) > 0 || underWay) {
                reached.add(new WebhookReached(delivery.getString("leadId"), delivery.getString("exhibitorId"),
                        delivery.getString("editionId"), delivery.getString("target")));
            }
        }
        return List.copyOf(reached);
    }

    /** The leads of the visitor that deliveries were opened for. */
    public Set<String> leadIdsOf(String attendeeId) {
        return Set.copyOf(mongo.findDistinct(Query.query(Criteria.where("attendeeId").is(attendeeId).and("leadId").ne(null)), "leadId",
                COLLECTION, String.class));
    }

    /** What an erasure did to the delivery log. */
    public record Erased(int cancelled, int scrubbed) {
    }

    /**
     * Removes the visitor's data from every delivery of theirs (by the visitor, and by the leads for
     * deliveries opened before deliveries named their visitor), except the {@code lead.erased} calls:
     * the content goes, and so do the receivers' answers in the history (a CRM may echo the lead);
     * times, codes and outcomes stay. A delivery not made yet is cancelled and leaves the queue. A
     * delivery is marked erased, so an attempt under way records nothing and it cannot be replayed.
     * Idempotent: erasing again changes nothing.
     */
    public Erased erase(String attendeeId, Collection<String> leadIds) {
        List<Criteria> ofVisitor = new ArrayList<>();
        if (attendeeId != null) {
            ofVisitor.add(Criteria.where("attendeeId").is(attendeeId));
        }
        if (!leadIds.isEmpty()) {
            ofVisitor.add(Criteria.where("leadId").in(leadIds));
        }
        if (ofVisitor.isEmpty()) {
            return new Erased(0, 0);
        }
        Query query = Query.query(new Criteria().orOperator(ofVisitor)).addCriteria(Criteria.where("kind").ne(Delivery.Kind.ERASURE.name()))
                .addCriteria(Criteria.where("erasedAt").exists(false));
        query.fields().exclude("outbox").exclude("content");
        int cancelled = 0;
        int scrubbed = 0;
        Instant now = clock.instant();
        for (Delivery delivery : mongo.find(query, Delivery.class, COLLECTION)) {
            Delivery current = delivery;
            // An attempt recorded meanwhile changes the history: read it again and scrub that one.
            for (int tries = 0; current != null && current.erasedAt() == null && tries < 5; tries++) {
                boolean unfinished = !current.status().isFinal();
                Update update = new Update().set("erasedAt", now).unset("content")
                        .set("history", current.history().stream().map(Deliveries::withoutEcho).toList())
                        .set("detail", unfinished ? "cancelled: the visitor was erased" : ReceiverEchoes.withoutEcho(current.detail()));
                if (unfinished) {
                    update.set("status", Delivery.Status.CANCELLED);
                    DeliveryQueue.leave(update);
                }
                // Its status too: a replay meanwhile (same attempts) would leave it queued, erased, never to be recorded.
                boolean done = mongo.updateFirst(Query.query(Criteria.where("_id").is(current.id()).and("attempts").is(current.attempts())
                        .and("status").is(current.status()).and("erasedAt").exists(false)), update, COLLECTION).getModifiedCount() > 0;
                if (done) {
                    scrubbed++;
                    if (unfinished) {
                        cancelled++;
                    }
                    break;
                }
                current = find(current.id()).orElse(null);
            }
        }
        return new Erased(cancelled, scrubbed);
    }

    /** The content with no email or phone in its lead: a lead's JSON, or a webhook body with the lead in {@code data}. */
    private String withoutContact(String content) {
        JsonNode tree = json.readTree(content);
        for (JsonNode lead : List.of(tree, tree.path("data"))) {
            if (lead.path("attendee") instanceof ObjectNode attendee) {
                attendee.putNull("email");
                attendee.putNull("phone");
            }
        }
        return json.writeValueAsString(tree);
    }

    private static Delivery.Attempt withoutEcho(Delivery.Attempt attempt) {
        return new Delivery.Attempt(attempt.number(), attempt.at(), attempt.outcome(), attempt.target(), attempt.code(), null,
                attempt.latencyMillis(), ReceiverEchoes.withoutEcho(attempt.error()));
    }

    /**
     * Takes the visitor's email and phone out of what the lead's deliveries hold (a consent
     * withdrawal): the lead of an email alert, the lead in a webhook's body. A call not made yet goes
     * without them; one made already keeps no copy of them here.
     *
     * @return how many deliveries changed
     */
    public int withdrawContact(String leadId) {
        Query query = Query.query(Criteria.where("leadId").is(leadId).and("content").ne(null)
                .and("kind").in(Delivery.Kind.ALERT.name(), Delivery.Kind.UPDATE.name()));
        query.fields().include("content");
        int changed = 0;
        for (Document delivery : mongo.find(query, Document.class, COLLECTION)) {
            String content = delivery.getString("content");
            String without = withoutContact(content);
            if (!without.equals(content)) {
                changed += (int) mongo.updateFirst(Query.query(Criteria.where("_id").is(delivery.get("_id")).and("content").is(content)),
                        new Update().set("content", without), COLLECTION).getModifiedCount();
            }
        }
        return changed;
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

    static String lane(Delivery.Channel channel, String exhibitorId, String target) {
        return lanePrefix(channel) + exhibitorId + (channel == Delivery.Channel.WEBHOOK ? "/" + target : "");
    }

    /** How the lanes of a channel's deliveries begin. */
    static String lanePrefix(Delivery.Channel channel) {
        return channel == Delivery.Channel.WEBHOOK ? "webhook:" : "email:";
    }

    private static Query byId(String id) {
        return Query.query(Criteria.where("_id").is(id));
    }
}
