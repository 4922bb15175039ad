package io.expoleads.notification.delivery;

import java.time.Instant;
import java.util.List;

import io.expoleads.platform.outbox.OutboxEntry;

/**
 * One lead sent to one destination. Its id comes from the lead, the destination and the kind of
 * delivery (an alert), so a redelivered or later event of an alerted lead finds the delivery
 * already made.
 *
 * @param eventId the lead event that first called for this delivery
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
