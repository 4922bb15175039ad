package io.expoleads.notification.alert;

import java.util.ArrayList;
import java.util.List;

import io.expoleads.events.EventEnvelope;
import io.expoleads.events.EventTypes;
import io.expoleads.events.ExhibitorStatus;
import io.expoleads.events.LeadView;
import io.expoleads.events.WebhookEndpoints;
import io.expoleads.notification.delivery.DeliveryRequest;
import io.expoleads.notification.exhibitor.HotLeads;
import io.expoleads.notification.exhibitor.SalesRouting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Which alerts a lead event calls for under its exhibitor's routing, and what each carries. Kept
 * apart from the reads and writes so that a whole poll of events is decided in memory once its
 * routings and webhooks are read, by the same rules as a single event.
 */
@Component
class AlertRules {

    private static final Logger log = LoggerFactory.getLogger(AlertRules.class);

    private final JsonMapper json;

    AlertRules(JsonMapper json) {
        this.json = json;
    }

    /**
     * Whether the event calls for the lead's alert: never for an exhibitor that is not approved;
     * with ALL on a {@code LeadCaptured}, with HOT on any event matching the hot-lead rule (the
     * first one opens the deliveries, the later ones find them), with NONE never. An already
     * alerted lead is recognised by its deliveries, not here.
     */
    boolean calledFor(EventEnvelope<LeadView> event, SalesRouting routing) {
        if (routing.status() != ExhibitorStatus.APPROVED) {
            log.info("No alert for lead {}: exhibitor {} is {}", event.payload().leadId(), routing.id(), routing.status());
            return false;
        }
        return switch (routing.alertOn()) {
            case SalesRouting.ALERT_ALL -> EventTypes.LEAD_CAPTURED.equals(event.type());
            case SalesRouting.ALERT_HOT -> HotLeads.matches(routing.hotLead(), event.payload());
            default -> false;
        };
    }

    /** The lead's alert: one email per sales address, then one call per active webhook. */
    List<DeliveryRequest> deliveries(EventEnvelope<LeadView> event, SalesRouting routing, List<WebhookEndpoints.Endpoint> webhooks) {
        LeadView lead = event.payload();
        String eventId = event.eventId().toString();
        List<DeliveryRequest> deliveries = new ArrayList<>();
        if (!routing.salesEmails().isEmpty()) {
            String leadJson = json.writeValueAsString(lead);
            for (String recipient : routing.salesEmails()) {
                deliveries.add(DeliveryRequest.alertEmail(lead.leadId(), lead.attendee().attendeeId(), recipient, lead.exhibitorId(),
                        lead.editionId(), eventId, leadJson));
            }
        }
        if (!webhooks.isEmpty()) {
            String body = webhookBody(SalesRouting.ALERT_HOT.equals(routing.alertOn()) ? "lead.hot" : "lead.captured", event, routing);
            for (WebhookEndpoints.Endpoint endpoint : webhooks) {
                deliveries.add(DeliveryRequest.alertWebhook(lead.leadId(), lead.attendee().attendeeId(), endpoint.webhookId(),
                        endpoint.url(), lead.exhibitorId(), lead.editionId(), eventId, body));
            }
        }
        return deliveries;
    }

    /**
     * The Standard Webhooks payload: {@code type} ({@code lead.captured}, or {@code lead.hot} under
     * the hot-lead rule, or {@code lead.updated}), {@code timestamp} (when the lead event happened) and
     * {@code data}, the lead as the exhibitor sees it with its scanners' names.
     */
    String webhookBody(String type, EventEnvelope<LeadView> event, SalesRouting routing) {
        LeadView lead = event.payload();
        ObjectNode data = json.valueToTree(lead);
        // The sealed form is for the wire between services; a receiver gets the lead itself.
        data.remove("sealed");
        if (data.get("attendee") instanceof ObjectNode attendee) {
            attendee.remove("sealed");
        }
        ArrayNode names = data.putArray("scannedByNames");
        lead.scannedBy().forEach(id -> names.add(routing.nameOf(id)));
        ObjectNode body = json.createObjectNode();
        body.put("type", type);
        body.put("timestamp", event.occurredAt().toString());
        body.set("data", data);
        return json.writeValueAsString(body);
    }
}
