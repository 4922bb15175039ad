package io.expoleads.lead.audit;

import io.expoleads.events.DeliveryOutcome;
import io.expoleads.events.EventEnvelope;
import io.expoleads.events.Topics;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Puts in the audit log each digest notification-service sent with a file of leads, as its outcome
 * on {@code expo.deliveries.v1} reports it: one entry per digest delivery (per recipient), keyed by
 * the delivery, so a redelivered outcome counts once. The recipient's address is not kept.
 */
@Component
class DigestAttachments {

    static final String SENDER = "notification-service";

    private final AuditLog audit;

    DigestAttachments(AuditLog audit) {
        this.audit = audit;
    }

    @KafkaListener(topics = Topics.DELIVERIES, groupId = "${expo.kafka.consumer-group:${spring.application.name}}-audit")
    void on(EventEnvelope<DeliveryOutcome> event) {
        DeliveryOutcome outcome = event.payload();
        if (!"DIGEST".equals(outcome.kind()) || !"SUCCEEDED".equals(outcome.status()) || outcome.visitors() == null
                || outcome.visitors() <= 0) {
            return;
        }
        audit.record(outcome.deliveryId(), BulkRead.DIGEST_ATTACHMENT, event.editionId(), outcome.exhibitorId(), SENDER,
                "SERVICE", outcome.attemptedAt(), outcome.visitors());
    }
}
