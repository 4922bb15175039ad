package io.expoleads.events;

import java.time.Instant;

/**
 * What became of one attempt to deliver to a sales destination, or to the exhibitor's admin.
 *
 * @param kind          {@code ALERT} (one lead), {@code DIGEST} (a period's new leads) or
 *                      {@code NOTICE} (to the exhibitor's admin about a dead delivery)
 * @param channel       {@code EMAIL} or {@code WEBHOOK}
 * @param target        the email address, or the webhook's id
 * @param leadId        the lead of an alert, null otherwise
 * @param attempts      attempts made so far, this one included
 * @param status        {@code SUCCEEDED}, {@code RETRYING} (another attempt is due at
 *                      {@code nextAttemptAt}) or {@code DEAD} (no further attempt)
 * @param code          the HTTP status or SMTP reply code of the attempt, 0 when there was no answer
 * @param detail        the SMTP reply or HTTP status line, or the error
 * @param latencyMillis how long the attempt took
 * @param visitors      for a digest sent, how many visitors' leads its file held (for the
 *                      organizer's audit log); null otherwise and in older records
 */
public record DeliveryOutcome(
        String deliveryId,
        String exhibitorId,
        String kind,
        String channel,
        String target,
        String leadId,
        int attempts,
        Instant attemptedAt,
        String status,
        int code,
        String detail,
        long latencyMillis,
        Instant nextAttemptAt,
        Integer visitors) {

    /** An outcome from before digests reported their visitors. */
    public DeliveryOutcome(String deliveryId, String exhibitorId, String kind, String channel, String target, String leadId,
                           int attempts, Instant attemptedAt, String status, int code, String detail, long latencyMillis,
                           Instant nextAttemptAt) {
        this(deliveryId, exhibitorId, kind, channel, target, leadId, attempts, attemptedAt, status, code, detail, latencyMillis,
                nextAttemptAt, null);
    }

    public DeliveryOutcome {
        Contract.requireText(deliveryId, "deliveryId");
        Contract.requireText(exhibitorId, "exhibitorId");
        Contract.requireText(channel, "channel");
        Contract.requireText(status, "status");
    }
}
