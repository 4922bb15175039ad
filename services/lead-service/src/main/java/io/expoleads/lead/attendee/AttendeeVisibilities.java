package io.expoleads.lead.attendee;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.bson.Document;
import org.springframework.beans.factory.annotation.Autowired;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/**
 * Each edition's choice of the attendee fields exhibitors see, one document per edition in
 * {@code attendee_visibility}. Read on every scan, so kept in memory for a few seconds: a change
 * shows at once on the instance that stored it and within {@link #TIME_TO_LIVE} on the others.
 */
@Service
public class AttendeeVisibilities {

    static final String COLLECTION = "attendee_visibility";
    static final Duration TIME_TO_LIVE = Duration.ofSeconds(2);

    private final MongoTemplate mongo;
    private final ApplicationEventPublisher changes;
    /** Each edition's setting, loaded at most once per time-to-live; this instance's own changes at once. */
    private final LoadingCache<String, AttendeeVisibility> cache;
    private final Clock clock;

    @Autowired
    AttendeeVisibilities(MongoTemplate mongo, ApplicationEventPublisher changes, Clock clock) {
        this(mongo, changes, clock, TIME_TO_LIVE);
    }

    AttendeeVisibilities(MongoTemplate mongo, ApplicationEventPublisher changes, Clock clock, Duration timeToLive) {
        this.mongo = mongo;
        this.clock = clock;
        this.changes = changes;
        this.cache = Caffeine.newBuilder().expireAfterWrite(timeToLive).maximumSize(10_000).build(this::load);
    }

    /** The edition's current setting, at most {@link #TIME_TO_LIVE} old; every field when never chosen. */
    AttendeeVisibility forEdition(String editionId) {
        return cache.get(editionId);
    }

    /** Replaces the edition's setting; the leads already captured are brought in line before this answers. */
    AttendeeVisibility choose(String editionId, Set<AttendeeField> fields) {
        AttendeeVisibility visibility = AttendeeVisibility.of(editionId, fields);
        mongo.upsert(Query.query(Criteria.where("_id").is(editionId)), new Update()
                .set("visibleFields", visibility.fieldNames())
                .set("changedAt", clock.instant()), COLLECTION);
        cache.put(editionId, visibility);
        changes.publishEvent(new AttendeeVisibilityChanged(editionId));
        return visibility;
    }

    private AttendeeVisibility load(String editionId) {
        Document stored = mongo.findById(editionId, Document.class, COLLECTION);
        if (stored == null) {
            return AttendeeVisibility.everything(editionId);
        }
        List<AttendeeField> fields = new ArrayList<>();
        for (String name : stored.getList("visibleFields", String.class, List.of())) {
            AttendeeField.named(name).ifPresent(fields::add);
        }
        return AttendeeVisibility.of(editionId, fields);
    }
}
