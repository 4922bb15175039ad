package io.expoleads.notification.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.expoleads.platform.outbox.OutboxEntry;

/**
 * One message for one destination: a lead's alert, a digest or a notice to the exhibitor's admin,
 * by email or webhook. Its id comes from what it delivers and where (a lead, a recipient or
 * webhook, the kind), so every event that calls for it again finds it already there: one email and
 * one webhook call per destination however often Kafka delivers the lead's events. Every attempt is
 * kept in {@code history}; the outcome of each is published from {@code outbox}.
 *
 * @param target         the recipient's address (lower case), or the webhook's id
 * @param destination    what the exhibitor recognises: the address, or the webhook's URL
 * @param content        what is sent, fixed when the delivery is opened: a webhook's body, the
 *                       lead of an email alert, the period of a digest, the dead delivery of a notice
 * @param roundAttempts  attempts since the delivery was opened or last replayed
 * @param roundStartedAt the first attempt since then; retries go on for the retry window from it
 * @param attendeeId     the visitor of the lead delivered, so an erasure finds every delivery of theirs
 * @param erasedAt       when the visitor was erased: the content and what receivers answered are gone
 * @param traceparent    the trace of the work that opened it (W3C {@code traceparent}): its attempts are spans of that trace
 */
public record Delivery(
        String id,
        Kind kind,
        Channel channel,
        String target,
        String destination,
        String exhibitorId,
        String editionId,
        String leadId,
        String eventId,
        String content,
        Instant createdAt,
        Status status,
        int attempts,
        int roundAttempts,
        Instant roundStartedAt,
        Instant lastAttemptAt,
        Instant nextAttemptAt,
        String detail,
        int replays,
        List<Attempt> history,
        List<OutboxEntry> outbox,
        String attendeeId,
        Instant erasedAt,
        String traceparent) {

    public Delivery {
        history = history == null ? List.of() : List.copyOf(history);
        outbox = outbox == null ? List.of() : List.copyOf(outbox);
    }

    /**
     * This delivery as the write that records {@code attempt} leaves it: its history as read with the
     * attempt added, due again at {@code nextAttemptAt} (null once it ended).
     */
    Delivery after(Attempt attempt, Status newStatus, String newDetail, Instant nextAttempt) {
        List<Attempt> attempts = new ArrayList<>(history);
        attempts.add(attempt);
        return new Delivery(id, kind, channel, target, destination, exhibitorId, editionId, leadId, eventId, content, createdAt,
                newStatus, attempt.number(), roundAttempts + 1, roundStartedAt == null ? attempt.at() : roundStartedAt, attempt.at(),
                nextAttempt, newDetail, replays, attempts, outbox, attendeeId, erasedAt, traceparent);
    }

    /**
     * ALERT a lead's alert, DIGEST a digest, NOTICE a notice to the admin, ERASURE a {@code lead.erased}
     * call after the visitor's erasure, UPDATE a {@code lead.updated} call after a consent withdrawal.
     */
    public enum Kind { ALERT, DIGEST, NOTICE, ERASURE, UPDATE, RETENTION }

    public enum Channel { EMAIL, WEBHOOK }

    /**
     * PENDING before the first attempt, RETRYING between failed attempts, then SUCCEEDED, DEAD (the
     * last attempt failed, or the failure cannot be retried) or CANCELLED (the destination was removed
     * or disabled before it could be reached).
     */
    public enum Status {
        PENDING, RETRYING, SUCCEEDED, DEAD, CANCELLED;

        public boolean isFinal() {
            return this == SUCCEEDED || this == DEAD || this == CANCELLED;
        }
    }

    /**
     * One attempt as it happened.
     *
     * @param target   where it went: the SMTP server, or the URL and the address it resolved to
     * @param code     the HTTP status or SMTP reply code, 0 when nothing answered
     * @param reply    the SMTP reply or the start of the HTTP response
     * @param error    why it failed, null when it succeeded
     */
    public record Attempt(int number, Instant at, String outcome, String target, int code, String reply,
                          long latencyMillis, String error) {
    }
}
