package io.expoleads.lead.edition;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.expoleads.events.EditionView;
import io.expoleads.events.EventEnvelope;
import io.expoleads.events.Topics;
import io.expoleads.lead.ReadModelProperties;
import io.expoleads.platform.readmodel.KnownIds;
import io.expoleads.platform.readmodel.RevisionGuard;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * The editions lead capture knows, with their dates and time zones, rebuilt from the edition topic
 * alone. An edition only ever moves to a newer revision.
 */
@Component
public class EditionCalendar {

    static final String COLLECTION = "editions";

    private final MongoTemplate mongo;
    /**
     * Every scan looks its edition up: known editions are kept a few seconds in memory. A change
     * that another instance applied is seen here once the entry expires.
     */
    private final Cache<String, EditionDates> recent = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofSeconds(5)).maximumSize(10_000).build();

    private final KnownIds<EditionDates> known;

    EditionCalendar(MongoTemplate mongo, ReadModelProperties readModels) {
        this.mongo = mongo;
        this.known = new KnownIds<>("Edition", "editionId", "UNKNOWN_EDITION", this::find, readModels.arrivalWait());
    }

    @KafkaListener(topics = Topics.EDITIONS, groupId = "${expo.kafka.consumer-group:${spring.application.name}}-editions")
    void on(EventEnvelope<EditionView> event) {
        EditionView view = event.payload();
        // Dates as ISO text: a LocalDate stored as a BSON date would be read back through the JVM's own zone.
        RevisionGuard.upsertIfNewer(mongo, COLLECTION, view.editionId(), view.revision(), new Update()
                .set("name", view.name())
                .set("startDate", view.startDate().toString())
                .set("endDate", view.endDate().toString())
                .set("timeZone", view.timeZone())
                .set("purgeAt", view.purgeDue()));
        recent.invalidate(view.editionId());
    }

    /** The edition's dates, or empty while no event of it has arrived. */
    public Optional<EditionDates> find(String editionId) {
        return Optional.ofNullable(recent.get(editionId, this::load));
    }

    /**
     * The editions whose personal data was due to be purged by {@code now}. Editions stored before
     * purge dates were carried have the default one, from their last day.
     */
    public List<String> purgeDue(Instant now) {
        Query query = new Query();
        query.fields().include("_id", "purgeAt", "endDate", "timeZone");
        List<String> due = new ArrayList<>();
        for (Document stored : mongo.find(query, Document.class, COLLECTION)) {
            if (!purgeAtOf(stored).isAfter(now)) {
                due.add(stored.getString("_id"));
            }
        }
        return due;
    }

    /** When the edition's personal data is purged, or empty while no event of it has arrived. */
    public Optional<Instant> purgeAt(String editionId) {
        Document stored = mongo.findById(editionId, Document.class, COLLECTION);
        if (stored == null) {
            return Optional.empty();
        }
        return Optional.of(purgeAtOf(stored));
    }

    private static Instant purgeAtOf(Document stored) {
        Date purgeAt = stored.getDate("purgeAt");
        return purgeAt != null ? purgeAt.toInstant() : EditionView.purgeAt(LocalDate.parse(stored.getString("endDate")),
                EditionView.DEFAULT_RETENTION_MONTHS, ZoneId.of(stored.getString("timeZone")));
    }

    /**
     * The edition a request names: 400 for an id that is no edition id, 404 ({@code UNKNOWN_EDITION})
     * for one not heard of on {@code expo.editions.v1}, after a short wait for one opened a moment ago.
     */
    public EditionDates require(String editionId) {
        return known.require(editionId);
    }

    /** The same without the wait, for callers that need not be signed in. */
    public EditionDates requireNow(String editionId) {
        return known.requireNow(editionId);
    }

    /**
     * The edition of something stored here (an attendee), 404 ({@code UNKNOWN_EDITION}) when it is
     * not known: such a thing was stored before its edition was checked.
     */
    public EditionDates requireStored(String editionId) {
        return find(editionId).orElseThrow(() -> known.unknown(editionId));
    }

    private EditionDates load(String editionId) {
        Document stored = mongo.findById(editionId, Document.class, COLLECTION);
        if (stored == null) {
            return null;
        }
        return new EditionDates(editionId, stored.getString("name"), LocalDate.parse(stored.getString("startDate")),
                LocalDate.parse(stored.getString("endDate")), stored.getString("timeZone"));
    }
}
