package io.expoleads.notification.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.expoleads.events.Contract;
import io.expoleads.events.DeliveryOutcome;
import io.expoleads.events.EventEnvelope;
import io.expoleads.events.EventTypes;
import io.expoleads.events.LeadView;
import io.expoleads.events.Topics;
import io.expoleads.notification.exhibitor.SalesRouting;
import io.expoleads.platform.outbox.EventWriter;
import io.expoleads.platform.outbox.OutboxRelays;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.mail.MailException;
import org.springframework.stereotype.Service;

/**
 * Lead alerts by email, one per lead and recipient however many of the lead's events call for it
 * and however often Kafka delivers them: the delivery's id comes from the lead, the recipient and
 * the kind of delivery, and is looked up before sending. A crash between the SMTP
 * server's acceptance and recording it sends that one email again (at least once, never lost).
 * Outcomes are published on {@code expo.deliveries.v1} from the delivery's outbox.
 */
@Service
class EmailDeliveries {

    static final String COLLECTION = "deliveries";
    static final String ALERT = "alert";

    private final MongoTemplate mongo;
    private final LeadEmails composer;
    private final EventWriter events;
    private final OutboxRelays relays;
    private final Clock clock = Clock.systemUTC();

    EmailDeliveries(MongoTemplate mongo, LeadEmails composer, EventWriter events, OutboxRelays relays) {
        this.mongo = mongo;
        this.composer = composer;
        this.events = events;
        this.relays = relays;
        mongo.indexOps(COLLECTION).createIndex(new Index().on("exhibitorId", Sort.Direction.ASC).on("lastAttemptAt", Sort.Direction.DESC));
    }

    void deliver(EventEnvelope<LeadView> event, SalesRouting routing, String recipient) {
        String deliveryId = Contract.deterministicId("delivery", event.payload().leadId(), ALERT, Delivery.Channel.EMAIL.name(), recipient).toString();
        Query byId = Query.query(Criteria.where("_id").is(deliveryId));
        Delivery existing = mongo.findOne(byId, Delivery.class, COLLECTION);
        if (existing != null && existing.status() == Delivery.Status.SUCCEEDED) {
            return;
        }
        LeadView lead = event.payload();
        Instant attemptAt = clock.instant();
        Delivery attempt = mongo.findAndModify(byId, new Update()
                        .setOnInsert("eventId", event.eventId().toString())
                        .setOnInsert("exhibitorId", lead.exhibitorId())
                        .setOnInsert("editionId", lead.editionId())
                        .setOnInsert("leadId", lead.leadId())
                        .setOnInsert("channel", Delivery.Channel.EMAIL)
                        .setOnInsert("target", recipient)
                        .set("status", Delivery.Status.PENDING)
                        .set("lastAttemptAt", attemptAt)
                        .inc("attempts", 1),
                FindAndModifyOptions.options().upsert(true).returnNew(true),
                Delivery.class, COLLECTION);
        try {
            composer.send(recipient, routing, lead);
        } catch (MailException e) {
            record(attempt, Delivery.Status.FAILED, EventTypes.DELIVERY_FAILED, e.getMostSpecificCause().getMessage());
            throw e;
        }
        record(attempt, Delivery.Status.SUCCEEDED, EventTypes.DELIVERY_SUCCEEDED, "accepted by the SMTP server");
    }

    private void record(Delivery attempt, Delivery.Status status, String eventType, String detail) {
        DeliveryOutcome outcome = new DeliveryOutcome(attempt.id(), attempt.exhibitorId(), attempt.leadId(),
                attempt.channel().name(), attempt.target(), attempt.attempts(), attempt.lastAttemptAt(), detail);
        UUID eventId = Contract.deterministicId(Topics.DELIVERIES, attempt.id(), Integer.toString(attempt.attempts()));
        EventEnvelope<DeliveryOutcome> event = EventEnvelope.of(eventId, eventType, clock.instant(),
                attempt.editionId(), attempt.exhibitorId(), outcome);
        mongo.updateFirst(Query.query(Criteria.where("_id").is(attempt.id())), new Update()
                        .set("status", status)
                        .set("detail", detail)
                        .push("outbox", events.entry(Topics.DELIVERIES, attempt.exhibitorId(), event)),
                COLLECTION);
        relays.wake(COLLECTION, List.of(attempt.id()));
    }
}
