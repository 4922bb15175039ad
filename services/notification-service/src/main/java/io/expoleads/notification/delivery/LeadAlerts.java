package io.expoleads.notification.delivery;

import io.expoleads.events.EventEnvelope;
import io.expoleads.events.EventTypes;
import io.expoleads.events.LeadView;
import io.expoleads.events.Topics;
import io.expoleads.notification.exhibitor.SalesRouting;
import io.expoleads.notification.exhibitor.SalesRoutings;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Sends every newly captured lead to the exhibitor's sales team. */
@Component
class LeadAlerts {

    private final SalesRoutings routings;
    private final EmailDeliveries emails;

    LeadAlerts(SalesRoutings routings, EmailDeliveries emails) {
        this.routings = routings;
        this.emails = emails;
    }

    @KafkaListener(topics = Topics.LEADS, groupId = "${expo.kafka.consumer-group:${spring.application.name}}-alerts")
    void on(EventEnvelope<LeadView> event) {
        if (!EventTypes.LEAD_CAPTURED.equals(event.type())) {
            return;
        }
        LeadView lead = event.payload();
        // The exhibitor was approved long before its first lead, but this service may still be
        // catching up on the exhibitor topic: failing here lets the error handler retry shortly.
        SalesRouting routing = routings.find(lead.exhibitorId())
                .orElseThrow(() -> new IllegalStateException("exhibitor " + lead.exhibitorId() + " is not known yet"));
        for (String recipient : routing.salesEmails()) {
            emails.deliver(event, routing, recipient);
        }
    }
}
