package io.expoleads.events;

import java.time.Instant;
import java.util.List;

/**
 * An exhibitor's webhook endpoints with their signing secrets, on {@link Topics#WEBHOOKS}: kept off
 * the exhibitor's public view because only the service that signs deliveries may read the secrets.
 *
 * @param revision the exhibitor's revision when this list was published
 */
public record WebhookEndpoints(String exhibitorId, long revision, List<Endpoint> endpoints) {

    public WebhookEndpoints {
        Contract.requireText(exhibitorId, "exhibitorId");
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    }

    /**
     * @param secrets the signing secrets, newest first; during a rotation the former one stays until its {@code validUntil}
     */
    public record Endpoint(String webhookId, String url, List<Secret> secrets) {

        public Endpoint {
            secrets = secrets == null ? List.of() : List.copyOf(secrets);
        }
    }

    /**
     * @param value      {@code whsec_} followed by the base64 of at least 24 random bytes (Standard Webhooks)
     * @param validUntil null for the current secret; when a rotated-out secret stops being used
     */
    public record Secret(String value, Instant validUntil) {
    }
}
