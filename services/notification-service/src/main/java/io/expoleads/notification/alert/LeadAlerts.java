package io.expoleads.notification.alert;

import java.time.Clock;
import java.util.List;
import java.util.Set;

import io.expoleads.events.EventEnvelope;
import io.expoleads.events.EventTypes;
import io.expoleads.events.ExhibitorStatus;
import io.expoleads.events.LeadView;
import io.expoleads.events.Topics;
import io.expoleads.events.WebhookEndpoints;
import io.expoleads.notification.delivery.Deliveries;
import io.expoleads.notification.delivery.DeliveryRequest;
import io.expoleads.notification.exhibitor.HotLeads;
import io.expoleads.notification.exhibitor.SalesRouting;
import io.expoleads.notification.exhibitor.SalesRoutingChanged;
import io.expoleads.notification.exhibitor.SalesRoutings;
import io.expoleads.notification.webhook.WebhookDirectory;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Alerts the exhibitor's sales team of its leads, by email to each sales address and by a call of
 * each active webhook, as the exhibitor chose: ALL alerts every
 * captured lead, HOT alerts a lead on its first event (captured, updated or qualified) that
 * matches the hot-lead rule, NONE alerts nothing. Each lead is alerted once per sales address,
 * whatever events follow or are redelivered. A lead event whose exhibitor this service has not
 * heard of yet (it may be catching up on the exhibitor topic) is kept, and decided on as soon as
 * the exhibitor's routing arrives. The listener only opens deliveries (idempotent by lead and
 * destination); the dispatcher makes the attempts, so nothing waits in the Kafka listener.
 */
@Component
public class LeadAlerts {

    public static final String LISTENER_ID = "lead-alerts";
    static final String WAITING = "alerts_waiting_for_routing";
    private static final Logger log = LoggerFactory.getLogger(LeadAlerts.class);
    private static final TypeReference<EventEnvelope<LeadView>> LEAD_EVENT = new TypeReference<>() {
    };

    private static final Set<String> LEAD_EVENTS = Set.of(EventTypes.LEAD_CAPTURED, EventTypes.LEAD_UPDATED, EventTypes.LEAD_QUALIFIED);

    private final SalesRoutings routings;
    private final WebhookDirectory webhooks;
    private final Deliveries deliveries;
    private final MongoTemplate mongo;
    private final JsonMapper json;
    private final Clock clock = Clock.systemUTC();

    LeadAlerts(SalesRoutings routings, WebhookDirectory webhooks, Deliveries deliveries, MongoTemplate mongo, JsonMapper json) {
        this.routings = routings;
        this.webhooks = webhooks;
        this.deliveries = deliveries;
        this.mongo = mongo;
        this.json = json;
    }

    @KafkaListener(id = LISTENER_ID, topics = Topics.LEADS, groupId = "${expo.kafka.consumer-group:${spring.application.name}}-alerts")
    void on(EventEnvelope<LeadView> event) {
        if (!LEAD_EVENTS.contains(event.type())) {
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
        List<Document> waiting = mongo.find(Query.query(Criteria.where("exhibitorId").is(exhibitorId))
                .with(Sort.by("since", "_id")), Document.class, WAITING);
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
        if (!wanted(event, routing)) {
            return;
        }
        LeadView lead = event.payload();
        String eventId = event.eventId().toString();
        String leadJson = json.writeValueAsString(lead);
        for (String recipient : routing.salesEmails()) {
            deliveries.open(DeliveryRequest.alertEmail(lead.leadId(), recipient, lead.exhibitorId(), lead.editionId(), eventId, leadJson));
        }
        List<WebhookEndpoints.Endpoint> endpoints = webhooks.active(lead.exhibitorId());
        if (!endpoints.isEmpty()) {
            String body = webhookBody(event, routing);
            for (WebhookEndpoints.Endpoint endpoint : endpoints) {
                deliveries.open(DeliveryRequest.alertWebhook(lead.leadId(), endpoint.webhookId(), endpoint.url(), lead.exhibitorId(),
                        lead.editionId(), eventId, body));
            }
        }
    }

    /**
     * The Standard Webhooks payload: {@code type} ({@code lead.captured}, or {@code lead.hot} under
     * the hot-lead rule), {@code timestamp} (when the lead event happened) and {@code data}, the lead
     * as the exhibitor sees it with its scanners' names.
     */
    private String webhookBody(EventEnvelope<LeadView> event, SalesRouting routing) {
        LeadView lead = event.payload();
        ObjectNode data = json.valueToTree(lead);
        ArrayNode names = data.putArray("scannedByNames");
        lead.scannedBy().forEach(id -> names.add(routing.nameOf(id)));
        ObjectNode body = json.createObjectNode();
        body.put("type", SalesRouting.ALERT_HOT.equals(routing.alertOn()) ? "lead.hot" : "lead.captured");
        body.put("timestamp", event.occurredAt().toString());
        body.set("data", data);
        return json.writeValueAsString(body);
    }

    /** Whether this event calls for the lead's alert; an already alerted lead is recognised by its delivery. */
    static boolean wanted(EventEnvelope<LeadView> event, SalesRouting routing) {
        return switch (routing.alertOn()) {
            case SalesRouting.ALERT_ALL -> EventTypes.LEAD_CAPTURED.equals(event.type());
            case SalesRouting.ALERT_HOT -> HotLeads.matches(routing.hotLead(), event.payload());
            default -> false;
        };
    }
}
