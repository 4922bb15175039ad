package io.expoleads.notification.delivery;

import java.time.Clock;
import java.util.List;

import io.expoleads.events.EventEnvelope;
import io.expoleads.events.EventTypes;
import io.expoleads.events.ExhibitorStatus;
import io.expoleads.events.LeadView;
import io.expoleads.events.Topics;
import io.expoleads.notification.exhibitor.SalesRouting;
import io.expoleads.notification.exhibitor.SalesRoutingChanged;
import io.expoleads.notification.exhibitor.SalesRoutings;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends every newly captured lead to the exhibitor's sales team. A lead whose exhibitor this
 * service has not heard of yet (it may be catching up on the exhibitor topic) is kept, and sent
 * as soon as the exhibitor's routing arrives; nothing waits in the Kafka listener.
 */
@Component
class LeadAlerts {

    static final String WAITING = "alerts_waiting_for_routing";
    private static final Logger log = LoggerFactory.getLogger(LeadAlerts.class);
    private static final TypeReference<EventEnvelope<LeadView>> LEAD_EVENT = new TypeReference<>() {
    };

    private final SalesRoutings routings;
    private final EmailDeliveries emails;
    private final MongoTemplate mongo;
    private final JsonMapper json;
    private final Clock clock = Clock.systemUTC();

    LeadAlerts(SalesRoutings routings, EmailDeliveries emails, MongoTemplate mongo, JsonMapper json) {
        this.routings = routings;
        this.emails = emails;
        this.mongo = mongo;
        this.json = json;
    }

    @KafkaListener(topics = Topics.LEADS, groupId = "${expo.kafka.consumer-group:${spring.application.name}}-alerts")
    void on(EventEnvelope<LeadView> event) {
        if (!EventTypes.LEAD_CAPTURED.equals(event.type())) {
            return;
        }
        String exhibitorId = event.payload().exhibitorId();
        routings.find(exhibitorId).ifPresentOrElse(routing -> {
            alert(event, routing);
            release(exhibitorId);
        }, () -> {
            mongo.save(new Document("_id", event.eventId().toString()).append("exhibitorId", exhibitorId)
                    .append("event", json.writeValueAsString(event)).append("since", clock.instant()), WAITING);
            // The routing may have arrived between the lookup and the save.
            routings.find(exhibitorId).ifPresent(routing -> release(exhibitorId));
        });
    }

    @EventListener
    void routingArrived(SalesRoutingChanged changed) {
        try {
            release(changed.exhibitorId());
        } catch (RuntimeException e) {
            // The alerts stay waiting and go with the exhibitor's next lead; the routing itself is stored.
            log.warn("Alerts waiting for exhibitor {} could not be sent yet: {}", changed.exhibitorId(), e.toString());
        }
    }

    private void release(String exhibitorId) {
        SalesRouting routing = routings.find(exhibitorId).orElse(null);
        if (routing == null) {
            return;
        }
        List<Document> waiting = mongo.find(Query.query(Criteria.where("exhibitorId").is(exhibitorId)), Document.class, WAITING);
        for (Document alert : waiting) {
            alert(json.readValue(alert.getString("event"), LEAD_EVENT), routing);
            mongo.remove(Query.query(Criteria.where("_id").is(alert.get("_id"))), WAITING);
        }
    }

    private void alert(EventEnvelope<LeadView> event, SalesRouting routing) {
        if (routing.status() != ExhibitorStatus.APPROVED) {
            log.info("No alert for lead {}: exhibitor {} is {}", event.payload().leadId(), routing.id(), routing.status());
            return;
        }
        for (String recipient : routing.salesEmails()) {
            emails.deliver(event, routing, recipient);
        }
    }
}
