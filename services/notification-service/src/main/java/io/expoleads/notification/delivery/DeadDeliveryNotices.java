package io.expoleads.notification.delivery;

import io.expoleads.notification.exhibitor.SalesRoutings;
import io.expoleads.notification.webhook.WebhookDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * After a delivery's last attempt: a webhook that answered {@code 410 Gone} is disabled, and the
 * exhibitor's admin is emailed about every dead delivery (once per round of attempts; a notice that
 * dies itself is only logged).
 */
@Component
class DeadDeliveryNotices implements DeliveryFollowUp {

    private static final Logger log = LoggerFactory.getLogger(DeadDeliveryNotices.class);

    private final SalesRoutings routings;
    private final WebhookDirectory webhooks;
    private final Deliveries deliveries;

    DeadDeliveryNotices(SalesRoutings routings, WebhookDirectory webhooks, Deliveries deliveries) {
        this.routings = routings;
        this.webhooks = webhooks;
        this.deliveries = deliveries;
    }

    @Override
    public void finished(Delivery delivery, AttemptResult lastAttempt) {
        if (lastAttempt.outcome() == AttemptResult.Outcome.GONE) {
            webhooks.disable(delivery.exhibitorId(), delivery.target(), "answered 410 Gone on " + lastAttempt.target());
        }
        if (delivery.status() != Delivery.Status.DEAD) {
            return;
        }
        if (delivery.kind() == Delivery.Kind.NOTICE) {
            log.warn("The notice of dead delivery {} to {} could not be delivered either: {}", delivery.content(),
                    delivery.destination(), delivery.detail());
            return;
        }
        String admin = routings.find(delivery.exhibitorId()).map(routing -> routing.contactEmail()).orElse(null);
        if (admin == null || admin.isBlank()) {
            log.warn("Delivery {} is dead and exhibitor {} has no admin address to tell", delivery.id(), delivery.exhibitorId());
            return;
        }
        deliveries.open(DeliveryRequest.notice(delivery, admin));
    }
}
