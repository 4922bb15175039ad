package io.expoleads.events;

import java.time.Instant;

/**
 * What became of one delivery of a lead to a sales destination.
 *
 * @param channel   {@code EMAIL} or {@code WEBHOOK}
 * @param detail    the SMTP reply or HTTP status, or the error
 */
public record DeliveryOutcome(
        String deliveryId,
        String exhibitorId,
        String leadId,
        String channel,
        String target,
        int attempts,
        Instant attemptedAt,
        String detail) {

    public DeliveryOutcome {
        Contract.requireText(deliveryId, "deliveryId");
        Contract.requireText(exhibitorId, "exhibitorId");
        Contract.requireText(channel, "channel");
    }
}
