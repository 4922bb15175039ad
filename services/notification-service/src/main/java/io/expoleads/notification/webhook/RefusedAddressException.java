package io.expoleads.notification.webhook;

import java.net.UnknownHostException;

/**
 * A webhook host resolved to an address the sender may not call. It is an
 * {@link UnknownHostException} because that is all a {@link org.apache.hc.client5.http.DnsResolver}
 * may throw, and HttpClient passes it through unchanged and never retries it.
 */
final class RefusedAddressException extends UnknownHostException {

    private final String reason;

    RefusedAddressException(String host, String reason) {
        super(host + " " + reason);
        this.reason = reason;
    }

    /** @return why, in {@link io.expoleads.platform.webhook.WebhookTargets}' words */
    String reason() {
        return reason;
    }
}
