package io.expoleads.exhibitor.exhibitor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.expoleads.events.WebhookEndpoints;

/** An endpoint of the exhibitor's CRM that receives lead events, with its signing secrets. */
public record Webhook(String webhookId, String url, List<WebhookEndpoints.Secret> secrets, Instant createdAt) {

    public Webhook {
        secrets = secrets == null ? List.of() : List.copyOf(secrets);
    }

    /** A new current secret; the former one keeps signing until {@code oldUntil}, so receivers can switch over. */
    Webhook rotated(String newSecret, Instant oldUntil, Instant now) {
        List<WebhookEndpoints.Secret> kept = new ArrayList<>();
        kept.add(new WebhookEndpoints.Secret(newSecret, null));
        for (WebhookEndpoints.Secret secret : secrets) {
            if (secret.validUntil() == null) {
                kept.add(new WebhookEndpoints.Secret(secret.value(), oldUntil));
            } else if (secret.validUntil().isAfter(now)) {
                kept.add(secret);
            }
        }
        return new Webhook(webhookId, url, kept, createdAt);
    }
}
