package io.expoleads.notification.webhook;

import java.time.Duration;
import java.time.Instant;

/**
 * What one webhook attempt came to, precisely enough for the delivery queue to decide on a retry
 * and for an exhibitor to see why a delivery failed.
 *
 * @param at              when the attempt started; its {@code webhook-timestamp}
 * @param status          the HTTP status answered, 0 when there was no HTTP answer
 * @param latencyMillis   from the start of the attempt to its outcome
 * @param address         the IP address the request went to, or null when none was sent
 * @param error           why the attempt failed, null on a 2xx answer
 * @param retryAfter      the receiver's valid {@code Retry-After} on a 429 or 503, else null
 * @param refused         the target was refused by policy (scheme, credentials or address):
 *                        retrying cannot help until the endpoint changes
 * @param responseSnippet the first 500 characters at most of the answer's body, or null
 */
public record WebhookCall(Instant at, int status, long latencyMillis, String address, String error,
                          Duration retryAfter, boolean refused, String responseSnippet) {

    static WebhookCall refusal(Instant at, long latencyMillis, String reason) {
        return new WebhookCall(at, 0, latencyMillis, null, "refused: " + reason, null, true, null);
    }

    static WebhookCall noAnswer(Instant at, long latencyMillis, String address, String error) {
        return new WebhookCall(at, 0, latencyMillis, address, error, null, false, null);
    }

    /** @return the receiver answered 2xx: the webhook is delivered */
    public boolean succeeded() {
        return status >= 200 && status < 300;
    }

    /** @return the receiver answered 410 Gone: the endpoint asks for no more deliveries */
    public boolean gone() {
        return status == 410;
    }
}
