package io.expoleads.notification.alert;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.expoleads.events.EventEnvelope;
import io.expoleads.events.EventTypes;
import io.expoleads.events.LeadView;
import io.expoleads.events.WebhookEndpoints;
import io.expoleads.notification.delivery.Deliveries;
import io.expoleads.notification.delivery.DeliveryRequest;
import io.expoleads.notification.exhibitor.SalesRouting;
import io.expoleads.notification.exhibitor.SalesRoutings;
import io.expoleads.notification.webhook.WebhookDirectory;
import io.expoleads.platform.tracing.ConsumerSpans;
import org.springframework.stereotype.Component;

/**
 * Opens the alerts that lead events call for, many events at once: their exhibitors' routings are
 * read in one query, the active webhooks of those with alerts due in another, and all the
 * deliveries opened together ({@link Deliveries#openAll}), so a burst of leads costs a few store
 * round trips, not a few per lead. Events of an exhibitor not known yet wait
 * ({@link WaitingAlerts}) and are alerted when its routing arrives. Deliveries are keyed by lead
 * and destination, so alerting an event again (a redelivery, a replay, a retried poll) opens
 * nothing new.
 */
@Component
class Alerts {

    /** Waiting events released per round: bounded, however many piled up. */
    static final int RELEASE_ROUND = 500;
    private static final Set<String> LEAD_EVENTS = Set.of(EventTypes.LEAD_CAPTURED, EventTypes.LEAD_UPDATED, EventTypes.LEAD_QUALIFIED);

    private final SalesRoutings routings;
    private final WebhookDirectory webhooks;
    private final Deliveries deliveries;
    private final WaitingAlerts waiting;
    private final AlertRules rules;

    Alerts(SalesRoutings routings, WebhookDirectory webhooks, Deliveries deliveries, WaitingAlerts waiting, AlertRules rules) {
        this.routings = routings;
        this.webhooks = webhooks;
        this.deliveries = deliveries;
        this.waiting = waiting;
        this.rules = rules;
    }

    /**
     * Alerts the lead events among these, in their order, or parks those whose exhibitor is not known yet.
     *
     * @param spans the events' spans, by event id: each event's deliveries are opened in its trace
     */
    void alert(List<EventEnvelope<LeadView>> events, ConsumerSpans.Poll spans) {
        List<EventEnvelope<LeadView>> leadEvents = events.stream().filter(event -> LEAD_EVENTS.contains(event.type())).toList();
        if (leadEvents.isEmpty()) {
            return;
        }
        Map<String, SalesRouting> known = routings.findAll(exhibitorsOf(leadEvents));
        List<EventEnvelope<LeadView>> unknown = new ArrayList<>();
        List<EventEnvelope<LeadView>> routed = new ArrayList<>();
        leadEvents.forEach(event -> (known.containsKey(event.payload().exhibitorId()) ? routed : unknown).add(event));
        open(routed, known, spans);
        if (!unknown.isEmpty()) {
            waiting.park(unknown);
            // A routing stored between the lookup and the parking was released before these waited: release them now.
            release(exhibitorsOf(unknown));
        }
    }

    /** Alerts the events waiting for every exhibitor whose routing is known by now. */
    void releaseAll() {
        List<String> exhibitors = waiting.exhibitors();
        if (!exhibitors.isEmpty()) {
            release(exhibitors);
        }
    }

    /** Alerts the events waiting for those of these exhibitors whose routing is known, then forgets them. */
    private void release(Collection<String> exhibitorIds) {
        Map<String, SalesRouting> known = routings.findAll(exhibitorIds);
        if (known.isEmpty()) {
            return;
        }
        while (true) {
            List<WaitingAlerts.Waiting> round = waiting.of(known.keySet(), RELEASE_ROUND);
            if (round.isEmpty()) {
                return;
            }
            // Their traces ended with the poll that parked them: the deliveries start traces of their own.
            open(round.stream().map(WaitingAlerts.Waiting::event).toList(), known, ConsumerSpans.NONE.poll("released alert"));
            // Forgotten only once their deliveries are open: alerted again after a failure in between, they open nothing twice.
            waiting.remove(round.stream().map(WaitingAlerts.Waiting::id).toList());
            if (round.size() < RELEASE_ROUND) {
                return;
            }
        }
    }

    private void open(List<EventEnvelope<LeadView>> events, Map<String, SalesRouting> known, ConsumerSpans.Poll spans) {
        List<EventEnvelope<LeadView>> calledFor = events.stream()
                .filter(event -> rules.calledFor(event, known.get(event.payload().exhibitorId()))).toList();
        if (calledFor.isEmpty()) {
            return;
        }
        Map<String, List<WebhookEndpoints.Endpoint>> active = webhooks.active(exhibitorsOf(calledFor));
        List<DeliveryRequest> requests = new ArrayList<>();
        for (EventEnvelope<LeadView> event : calledFor) {
            String exhibitorId = event.payload().exhibitorId();
            requests.addAll(spans.within(event.eventId(),
                    () -> rules.deliveries(event, known.get(exhibitorId), active.getOrDefault(exhibitorId, List.of()))));
        }
        deliveries.openAll(requests);
    }

    /**
     * The visitor withdrew their consent to share their contact with the lead's exhibitor: the alerts
     * waiting and the deliveries of the lead lose the email and phone, and every webhook that was
     * sent the lead gets a signed {@code lead.updated} call with the lead as it is now (without them).
     *
     * @param event the {@code LeadContactWithdrawn} event, its lead opened
     */
    void contactWithdrawn(EventEnvelope<LeadView> event) {
        LeadView lead = Contacts.withoutContact(event.payload());
        waiting.withdrawContact(lead.leadId());
        deliveries.withdrawContact(lead.leadId());
        List<Deliveries.WebhookReached> reached = deliveries.webhooksReached(List.of(lead.leadId()));
        SalesRouting routing = routings.find(lead.exhibitorId()).orElse(null);
        if (reached.isEmpty() || routing == null) {
            return;
        }
        EventEnvelope<LeadView> withdrawn = new EventEnvelope<>(event.eventId(), event.type(), event.version(), event.occurredAt(),
                event.editionId(), event.aggregateId(), lead);
        String body = rules.webhookBody("lead.updated", withdrawn, routing);
        List<DeliveryRequest> updates = new ArrayList<>();
        for (Deliveries.WebhookReached webhook : reached) {
            webhooks.endpoint(webhook.exhibitorId(), webhook.webhookId()).ifPresent(endpoint -> updates.add(DeliveryRequest.updateWebhook(
                    lead.leadId(), lead.attendee().attendeeId(), endpoint.webhookId(), endpoint.url(), lead.exhibitorId(), lead.editionId(),
                    event.eventId().toString(), body)));
        }
        deliveries.openAll(updates);
    }

    private static Set<String> exhibitorsOf(List<EventEnvelope<LeadView>> events) {
        Set<String> exhibitors = new LinkedHashSet<>();
        events.forEach(event -> exhibitors.add(event.payload().exhibitorId()));
        return exhibitors;
    }
}
