package io.expoleads.notification.delivery;

import java.time.Instant;
import java.util.List;

import io.expoleads.platform.outbox.OutboxEntry;

/**
 * One lead event sent to one destination. Its id comes from the event and the destination, so a
 * redelivered event finds the delivery it already made.
 */
public record Delivery(
        String id,
        String eventId,
        String exhibitorId,
        String editionId,
        String leadId,
        Channel channel,
        String target,
        Status status,
        int attempts,
        Instant lastAttemptAt,
        String detail,
        List<OutboxEntry> outbox) {

    public enum Channel { EMAIL }

    public enum Status { PENDING, SUCCEEDED, FAILED }
}
