package io.expoleads.notification.delivery;

import java.time.Duration;

/**
 * What one attempt gave.
 *
 * @param target     where it went (SMTP server, URL and resolved address)
 * @param code       HTTP status or SMTP reply code, 0 when nothing answered
 * @param reply      the SMTP reply or the start of the HTTP response, if any
 * @param error      why it failed; null on success
 * @param retryAfter how long the destination asked us to wait (429, 503), or null
 */
public record AttemptResult(Outcome outcome, String target, int code, String reply, long latencyMillis, String error,
                            Duration retryAfter) {

    public enum Outcome {
        /** Delivered. */
        SUCCEEDED,
        /** Failed in a way that may pass later: tried again on the retry schedule. */
        FAILED,
        /** Failed in a way that will not pass by retrying (a rejected address, a refused target). */
        REJECTED,
        /** The webhook answered 410 Gone: the endpoint is disabled and nothing more is sent to it. */
        GONE,
        /** The destination no longer exists or is disabled; nothing was sent. */
        CANCELLED
    }

    public static AttemptResult cancelled(String why) {
        return new AttemptResult(Outcome.CANCELLED, null, 0, null, 0, why, null);
    }
}
