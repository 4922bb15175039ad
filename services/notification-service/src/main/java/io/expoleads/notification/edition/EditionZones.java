package io.expoleads.notification.edition;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

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
    /**
     * How long a time zone read is used without reading it again: every alert email shows its scan's
     * time, and reading the edition for each was a round trip to the store per email (8 % of an email
     * worker's time at 50 alerts a second). A fair's zone is set once; a change reaches the instance
     * that applied it at once and every other within this long.
     */
    static final Duration ZONE_KEPT = Duration.ofSeconds(5);

    private final MongoTemplate mongo;
    /** The zones read lately, per edition; an edition not heard of yet is not kept, so its zone counts from its arrival. */
    private final Map<String, KeptZone> zones = new ConcurrentHashMap<>();

    private record KeptZone(ZoneId zone, long untilNanos) {
    }

    EditionZones(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @KafkaListener(topics = Topics.EDITIONS, groupId = "${expo.kafka.consumer-group:${spring.application.name}}-editions")
    void on(EventEnvelope<EditionView> event) {
        EditionView edition = event.payload();
        RevisionGuard.upsertIfNewer(mongo, COLLECTION, edition.editionId(), edition.revision(),
                new Update().set("name", edition.name()).set("timeZone", edition.timeZone()).set("purgeAt", edition.purgeDue()));
        zones.remove(edition.editionId());
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
        if (editionId == null) {
            return ZoneOffset.UTC;
        }
        long now = System.nanoTime();
        KeptZone kept = zones.get(editionId);
        if (kept != null && now - kept.untilNanos() < 0) {
            return kept.zone();
        }
        Document edition = mongo.findById(editionId, Document.class, COLLECTION);
        if (edition == null || edition.getString("timeZone") == null) {
            return ZoneOffset.UTC;
        }
        ZoneId zone = ZoneId.of(edition.getString("timeZone"));
        zones.put(editionId, new KeptZone(zone, now + ZONE_KEPT.toNanos()));
        return zone;
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
