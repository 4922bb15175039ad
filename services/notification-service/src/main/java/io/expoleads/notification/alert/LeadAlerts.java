package io.expoleads.notification.alert;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import io.expoleads.events.EventEnvelope;
import io.expoleads.events.EventTypes;
import io.expoleads.events.LeadView;
import io.expoleads.events.Topics;
import io.expoleads.notification.privacy.LeadErasures;
import io.expoleads.notification.privacy.SealedLeads;
import io.expoleads.platform.kafka.PollPart;
import io.expoleads.platform.kafka.UnreadableRecords;
import io.expoleads.platform.tracing.ConsumerSpans;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Alerts the exhibitor's sales team of its leads, by email to each sales address and by a call of
 * each active webhook, as the exhibitor chose ({@link AlertRules}); each lead once per destination,
 * whatever events follow or are redelivered. The listener takes what one poll brought at once (an
 * offline phone's queue uploaded is a thousand lead events) and only opens deliveries
 * ({@link Alerts}); the dispatcher makes the attempts, so nothing waits in the Kafka listener. A
 * record that is not a lead event stops the batch there: the records before it are alerted, it
 * goes to the dead-letter topic, the rest follow. A batch failing for another reason than the store
 * being away is alerted event by event, so only the event at fault is retried and dead-lettered.
 * Each event is opened as it is read ({@link SealedLeads}): an erased visitor's is skipped, one
 * waiting for its visitor's key stops the poll there until the key arrives. {@code LeadErased} and
 * {@code LeadContactWithdrawn} are applied in the partition's order ({@link LeadErasures},
 * {@link Alerts#contactWithdrawn}).
 */
@Component
public class LeadAlerts {

    /** The listener container that consumes {@code expo.leads.v1}, for operations that pause or replay it. */
    public static final String LISTENER_ID = "lead-alerts";

    private final Alerts alerts;
    private final SealedLeads sealed;
    private final LeadErasures erasures;
    private final ConsumerSpans consumerSpans;

    LeadAlerts(Alerts alerts, SealedLeads sealed, LeadErasures erasures, ObjectProvider<ConsumerSpans> consumerSpans) {
        this.consumerSpans = consumerSpans.getIfAvailable(() -> ConsumerSpans.NONE);
        this.alerts = alerts;
        this.sealed = sealed;
        this.erasures = erasures;
    }

    @KafkaListener(id = LISTENER_ID, topics = Topics.LEADS, batch = "true",
            groupId = "${expo.kafka.consumer-group:${spring.application.name}}-alerts")
    void on(List<ConsumerRecord<String, EventEnvelope<LeadView>>> records) {
        // Each lead event's alert is a span of the event's trace (a scan's, for a captured lead), a child
        // of the send that put it on expo.leads.v1; the deliveries it opens carry that trace to their attempts.
        try (ConsumerSpans.Poll spans = consumerSpans.poll("lead alert")) {
            try {
                alert(records, spans);
            } catch (RuntimeException failed) {
                spans.failed(failed);
                throw failed;
            }
        }
    }

    private void alert(List<ConsumerRecord<String, EventEnvelope<LeadView>>> records, ConsumerSpans.Poll spans) {
        PollPart<EventEnvelope<LeadView>> pending = new PollPart<>("alerted");
        Consumer<List<EventEnvelope<LeadView>>> alert = events -> alerts.alert(events, spans);
        for (int index = 0; index < records.size(); index++) {
            ConsumerRecord<String, EventEnvelope<LeadView>> record = records.get(index);
            if (record.value() == null) {
                pending.applyOrLocate(alert, LeadAlerts::name);
                throw new BatchListenerFailedException("not a readable lead event", UnreadableRecords.cause(record, "a lead event"), index);
            }
            Optional<EventEnvelope<LeadView>> event;
            try {
                event = sealed.open(record.value());
            } catch (RuntimeException unopened) {
                // Waiting for its key, or refused: what came before it is alerted, and it is retried (or dead-lettered) alone.
                pending.applyOrLocate(alert, LeadAlerts::name);
                throw new BatchListenerFailedException("lead event " + record.value().eventId() + " could not be opened", unopened, index);
            }
            if (event.isEmpty()) {
                continue;
            }
            spans.start(event.get().eventId(), record, Map.of("exhibitorId", String.valueOf(event.get().payload().exhibitorId()),
                    "leadId", String.valueOf(event.get().payload().leadId())));
            String type = event.get().type();
            if (EventTypes.LEAD_ERASED.equals(type) || EventTypes.LEAD_CONTACT_WITHDRAWN.equals(type)) {
                // In the order of the partition: the alerts called for before it are opened first, so it reaches them.
                pending.applyOrLocate(alert, LeadAlerts::name);
                try {
                    privacy(event.get());
                } catch (RuntimeException failed) {
                    throw new BatchListenerFailedException("lead event " + event.get().eventId() + " could not be applied", failed, index);
                }
            } else {
                pending.add(event.get(), index);
            }
        }
        pending.applyOrLocate(alert, LeadAlerts::name);
    }

    private static String name(EventEnvelope<LeadView> event) {
        return "lead event " + event.eventId();
    }

    /** An erased lead loses every copy here and its webhooks are told; a withdrawn contact leaves the lead's copies. */
    private void privacy(EventEnvelope<LeadView> event) {
        LeadView lead = event.payload();
        if (EventTypes.LEAD_ERASED.equals(event.type())) {
            erasures.erase(lead.attendee().attendeeId(), List.of(lead.leadId()), event.occurredAt());
        } else {
            alerts.contactWithdrawn(event);
        }
    }
}
