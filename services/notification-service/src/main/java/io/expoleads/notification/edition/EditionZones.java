package io.expoleads.notification.edition;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import io.expoleads.events.EditionView;
import io.expoleads.events.EventEnvelope;
import io.expoleads.events.Topics;
import io.expoleads.platform.mail.MailLanguage;
import io.expoleads.platform.readmodel.RevisionGuard;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
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
                new Update().set("name", edition.name()).set("timeZone", edition.timeZone()).set("purgeAt", edition.purgeDue()));
    }

    /** An edition whose personal data will be purged, and the retention reminders already sent for it (days before). */
    public record Purge(String editionId, String name, Instant purgeAt, List<Integer> remindersSent) {
    }

    /** The editions whose purge is still to come after {@code now}. */
    public List<Purge> purgesAfter(Instant now) {
        List<Purge> purges = new ArrayList<>();
        for (Document edition : mongo.find(Query.query(Criteria.where("purgeAt").gt(Date.from(now))), Document.class, COLLECTION)) {
            purges.add(new Purge(edition.getString("_id"), edition.getString("name"), edition.getDate("purgeAt").toInstant(),
                    edition.getList("remindersSent", Integer.class, List.of())));
        }
        return purges;
    }

    /** The edition's purge date, if known. */
    public Optional<Purge> purge(String editionId) {
        Document edition = editionId == null ? null : mongo.findById(editionId, Document.class, COLLECTION);
        if (edition == null || edition.getDate("purgeAt") == null) {
            return Optional.empty();
        }
        return Optional.of(new Purge(editionId, edition.getString("name"), edition.getDate("purgeAt").toInstant(),
                edition.getList("remindersSent", Integer.class, List.of())));
    }

    /** Records that every exhibitor of the edition was sent the reminder {@code daysBefore}. */
    public void reminded(String editionId, int daysBefore) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(editionId)), new Update().addToSet("remindersSent", daysBefore),
                COLLECTION);
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

    /** The same as the language writes a date and time ({@code 24 nov. 2026, 10:15 (Africa/Casablanca)}), or null for null. */
    public String localTime(String editionId, Instant instant, MailLanguage language) {
        if (instant == null) {
            return null;
        }
        ZoneId zone = zone(editionId);
        return language.dateTime(instant, zone) + " (" + (zone.equals(ZoneOffset.UTC) ? "UTC" : zone.getId()) + ")";
    }
}
