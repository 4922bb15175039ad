package io.expoleads.notification.delivery;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a receiver answered may echo what it was sent (a CRM's error page quoting the lead), so it
 * stays in the delivery's own history for the admin, and nowhere else: an outcome event carries the
 * status line only, and an erasure removes the answers from the history too.
 */
final class ReceiverEchoes {

    /** {@code HTTP 500: <the start of the receiver's answer>}, as the webhook sender words a failure. */
    private static final Pattern HTTP_FAILURE = Pattern.compile("^(HTTP \\d{3})\\b.*", Pattern.DOTALL);

    private ReceiverEchoes() {
    }

    /** What an outcome event says of the attempt: the error or the SMTP reply, a webhook's status line, never its body. */
    static String eventDetail(Delivery.Channel channel, AttemptResult result) {
        if (result.error() != null) {
            return withoutEcho(result.error());
        }
        return channel == Delivery.Channel.WEBHOOK ? "HTTP " + result.code() : result.reply();
    }

    /** The text without what the receiver wrote: an HTTP failure keeps its status; other errors are ours. */
    static String withoutEcho(String detail) {
        if (detail == null) {
            return null;
        }
        Matcher http = HTTP_FAILURE.matcher(detail);
        return http.matches() ? http.group(1) : detail;
    }
}
