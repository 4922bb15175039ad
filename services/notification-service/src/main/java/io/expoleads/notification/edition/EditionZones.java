package io.expoleads.notification.edition;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.Instant;

import io.expoleads.events.EditionView;
import io.expoleads.events.EventEnvelope;
import io.expoleads.events.Topics;
import io.expoleads.platform.readmodel.RevisionGuard;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * The time zone of each edition, kept from {@code expo.editions.v1}: emails show times, and daily
 * digests go out, at the fair's local time. An edition not heard of yet counts in UTC, and says so.
 */
@Component
public class EditionZones {

    static final String COLLECTION = "editions";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final MongoTemplate mongo;

    EditionZones(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @KafkaListener(topics = Topics.EDITIONS, groupId = "${expo.kafka.consumer-group:${spring.application.name}}-editions")
    void on(EventEnvelope<EditionView> event) {
        EditionView edition = event.payload();
        RevisionGuard.upsertIfNewer(mongo, COLLECTION, edition.editionId(), edition.revision(),
                new Update().set("name", edition.name()).set("timeZone", edition.timeZone()));
    }

    public ZoneId zone(String editionId) {
        Document edition = editionId == null ? null : mongo.findById(editionId, Document.class, COLLECTION);
        return edition == null || edition.getString("timeZone") == null ? ZoneOffset.UTC : ZoneId.of(edition.getString("timeZone"));
    }

    /** {@code 2026-11-24 10:15 (Africa/Casablanca)}, or null for null. */
    public String localTime(String editionId, Instant instant) {
        if (instant == null) {
            return null;
        }
        ZoneId zone = zone(editionId);
        return TIME.format(instant.atZone(zone)) + " (" + (zone.equals(ZoneOffset.UTC) ? "UTC" : zone.getId()) + ")";
    }
}
