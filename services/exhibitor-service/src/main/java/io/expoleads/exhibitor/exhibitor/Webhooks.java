package io.expoleads.exhibitor.exhibitor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

import io.expoleads.events.WebhookEndpoints;

/**
 * The endpoints of the exhibitor's CRM that receive its lead events, at most {@value #MAX} of them.
 *
 * @param all the endpoints, in the order they were added
 */
public record Webhooks(List<Webhook> all) {

    /** How many endpoints an exhibitor may have. */
    public static final int MAX = 5;
    /** No endpoint: an application's. */
    public static final Webhooks NONE = new Webhooks(List.of());

    public Webhooks {
        all = all == null ? List.of() : List.copyOf(all);
    }

    public Optional<Webhook> webhook(String webhookId) {
        return all.stream().filter(webhook -> webhook.webhookId().equals(webhookId)).findFirst();
    }

    /** The endpoints with their secrets, as the one service that signs deliveries reads them. */
    public WebhookEndpoints endpoints(String exhibitorId, long revision) {
        return new WebhookEndpoints(exhibitorId, revision, all.stream()
                .map(webhook -> new WebhookEndpoints.Endpoint(webhook.webhookId(), webhook.url(), webhook.secrets())).toList());
    }

    Webhooks added(Webhook webhook) {
        if (all.size() >= MAX) {
            throw new IllegalArgumentException("An exhibitor has at most " + MAX + " webhook endpoints");
        }
        List<Webhook> added = new ArrayList<>(all);
        added.add(webhook);
        return new Webhooks(added);
    }

    /** A new current secret for the endpoint; its former one keeps signing until {@code oldUntil}. */
    Webhooks rotated(String webhookId, String newSecret, Instant oldUntil, Instant now) {
        Webhook webhook = required(webhookId);
        List<Webhook> rotated = new ArrayList<>(all);
        rotated.set(rotated.indexOf(webhook), webhook.rotated(newSecret, oldUntil, now));
        return new Webhooks(rotated);
    }

    Webhooks removed(String webhookId) {
        Webhook webhook = required(webhookId);
        List<Webhook> kept = new ArrayList<>(all);
        kept.remove(webhook);
        return new Webhooks(kept);
    }

    private Webhook required(String webhookId) {
        return webhook(webhookId).orElseThrow(() -> new NoSuchElementException("no webhook " + webhookId));
    }
}
