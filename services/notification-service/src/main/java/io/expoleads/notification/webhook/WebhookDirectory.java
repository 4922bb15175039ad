package io.expoleads.notification.webhook;

import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.expoleads.events.EventEnvelope;
import io.expoleads.events.Topics;
import io.expoleads.events.WebhookEndpoints;
import io.expoleads.platform.readmodel.RevisionGuard;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Each exhibitor's webhook endpoints and signing secrets, kept from {@code expo.webhooks.v1}, and
 * which of them this service disabled because they answered {@code 410 Gone}. A disabled endpoint
 * gets nothing until the exhibitor replays one of its deliveries (or adds it again): the
 * exhibitor's own list keeps it, so the next revision of the list does not bring it back.
 */
@Component
public class WebhookDirectory {

    static final String COLLECTION = "webhook_endpoints";

    private final MongoTemplate mongo;
    private final Clock clock;

    WebhookDirectory(MongoTemplate mongo, Clock clock) {
        this.clock = clock;
        this.mongo = mongo;
    }

    @KafkaListener(topics = Topics.WEBHOOKS, groupId = "${expo.kafka.consumer-group:${spring.application.name}}-webhooks")
    void on(EventEnvelope<WebhookEndpoints> event) {
        WebhookEndpoints endpoints = event.payload();
        RevisionGuard.upsertIfNewer(mongo, COLLECTION, endpoints.exhibitorId(), endpoints.revision(),
                new Update().set("exhibitorId", endpoints.exhibitorId()).set("endpoints", endpoints.endpoints()));
    }

    public Optional<WebhookEndpoints> find(String exhibitorId) {
        return Optional.ofNullable(mongo.findById(exhibitorId, WebhookEndpoints.class, COLLECTION));
    }

    /** The exhibitor's endpoints that may be called now. */
    public List<WebhookEndpoints.Endpoint> active(String exhibitorId) {
        Document stored = mongo.findById(exhibitorId, Document.class, COLLECTION);
        return stored == null ? List.of() : active(stored);
    }

    /** The endpoints that may be called now of each of those exhibitors that has any, read in one query. */
    public Map<String, List<WebhookEndpoints.Endpoint>> active(Collection<String> exhibitorIds) {
        Map<String, List<WebhookEndpoints.Endpoint>> found = new HashMap<>();
        if (!exhibitorIds.isEmpty()) {
            mongo.find(Query.query(Criteria.where("_id").in(exhibitorIds)), Document.class, COLLECTION).forEach(stored -> {
                List<WebhookEndpoints.Endpoint> endpoints = active(stored);
                if (!endpoints.isEmpty()) {
                    found.put(stored.getString("_id"), endpoints);
                }
            });
        }
        return found;
    }

    private List<WebhookEndpoints.Endpoint> active(Document stored) {
        Document disabled = stored.get("disabled", Document.class);
        return mongo.getConverter().read(WebhookEndpoints.class, stored).endpoints().stream()
                .filter(endpoint -> disabled == null || !disabled.containsKey(endpoint.webhookId())).toList();
    }

    /** The endpoint as configured now, or empty when the exhibitor removed it. */
    public Optional<WebhookEndpoints.Endpoint> endpoint(String exhibitorId, String webhookId) {
        return configured(exhibitorId, webhookId).map(Configured::endpoint);
    }

    /** The endpoint as configured now, and why this service disabled it (null when it did not). */
    public record Configured(WebhookEndpoints.Endpoint endpoint, String disabledBecause) {
    }

    /**
     * The endpoint as configured now with its disabled state, read at once (an attempt needs both), or
     * empty when the exhibitor removed it.
     */
    public Optional<Configured> configured(String exhibitorId, String webhookId) {
        Document stored = mongo.findById(exhibitorId, Document.class, COLLECTION);
        if (stored == null) {
            return Optional.empty();
        }
        String reason = disabledBecause(stored, webhookId);
        return mongo.getConverter().read(WebhookEndpoints.class, stored).endpoints().stream()
                .filter(endpoint -> endpoint.webhookId().equals(webhookId)).findFirst()
                .map(endpoint -> new Configured(endpoint, reason));
    }

    /** Why the endpoint is disabled, or null when it is not. */
    public String disabledBecause(String exhibitorId, String webhookId) {
        Document stored = mongo.findById(exhibitorId, Document.class, COLLECTION);
        return stored == null ? null : disabledBecause(stored, webhookId);
    }

    private static String disabledBecause(Document stored, String webhookId) {
        Document disabled = stored.get("disabled", Document.class);
        Document entry = disabled == null ? null : disabled.get(webhookId, Document.class);
        return entry == null ? null : entry.getString("reason");
    }

    public void disable(String exhibitorId, String webhookId, String reason) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(exhibitorId)),
                new Update().set("disabled." + webhookId, new Document("at", clock.instant()).append("reason", reason)), COLLECTION);
    }

    public void enable(String exhibitorId, String webhookId) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(exhibitorId)), new Update().unset("disabled." + webhookId), COLLECTION);
    }
}
