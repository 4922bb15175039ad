package io.expoleads.notification.webhook;

import java.util.Optional;

import io.expoleads.events.EventEnvelope;
import io.expoleads.events.Topics;
import io.expoleads.events.WebhookEndpoints;
import io.expoleads.platform.readmodel.RevisionGuard;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Each exhibitor's webhook endpoints and signing secrets, kept from {@code expo.webhooks.v1}. */
@Component
public class WebhookDirectory {

    static final String COLLECTION = "webhook_endpoints";

    private final MongoTemplate mongo;

    WebhookDirectory(MongoTemplate mongo) {
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
}
