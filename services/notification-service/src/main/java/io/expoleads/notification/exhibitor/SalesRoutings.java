package io.expoleads.notification.exhibitor;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.expoleads.events.EventEnvelope;
import io.expoleads.events.ExhibitorView;
import io.expoleads.events.NotificationSettings;
import io.expoleads.events.Topics;
import io.expoleads.platform.readmodel.KnownIds;
import io.expoleads.platform.readmodel.RevisionGuard;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * The exhibitor read model of notifications (sales addresses, language, alert mode and hot-lead
 * rule, digest schedule, the admin's address, team names and the qualification form), rebuilt from
 * the exhibitor topic alone. Without notification settings every captured
 * lead is alerted to the exhibitor's sales emails.
 */
@Component
public class SalesRoutings {

    static final String COLLECTION = "exhibitors";
    /**
     * How long a routing read for an alert email is used without reading it again ({@link #recent}):
     * reading the exhibitor for each email was a store round trip per email, of the few an email
     * costs. A change reaches the instance that applied it at once and every other within this long.
     */
    public static final Duration ROUTING_KEPT = Duration.ofSeconds(5);
    /** Bounded: one per exhibitor alerted lately, a fair's exhibitors at most in a few seconds. */
    private static final int ROUTINGS_KEPT = 10_000;

    private final MongoTemplate mongo;
    private final ApplicationEventPublisher publisher;

    private final KnownIds<SalesRouting> known;
    /** The routings read lately for alert emails; an exhibitor not heard of yet is not kept. */
    private final Cache<String, SalesRouting> recent;
    /** Routings changed here so far: a routing read before a change is not kept after it. */
    private final AtomicLong changes = new AtomicLong();

    SalesRoutings(MongoTemplate mongo, ApplicationEventPublisher publisher,
                  ReadModelProperties readModels, Clock clock) {
        this.mongo = mongo;
        // On the service's clock, which tests stop.
        this.recent = Caffeine.newBuilder().expireAfterWrite(ROUTING_KEPT).maximumSize(ROUTINGS_KEPT)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis())).build();
        this.publisher = publisher;
        this.known = new KnownIds<>("Exhibitor", "exhibitorId", "UNKNOWN_EXHIBITOR", this::find, readModels.arrivalWait());
    }

    @KafkaListener(topics = Topics.EXHIBITORS, groupId = "${expo.kafka.consumer-group:${spring.application.name}}-exhibitors")
    void on(EventEnvelope<ExhibitorView> event) {
        ExhibitorView view = event.payload();
        NotificationSettings settings = view.settings();
        boolean changed = RevisionGuard.upsertIfNewer(mongo, COLLECTION, view.exhibitorId(), view.revision(), new Update()
                .set("editionId", view.editionId())
                .set("status", view.status())
                .set("companyName", view.companyName())
                .set("language", view.language())
                .set("salesEmails", settings == null ? view.salesEmails() : settings.salesEmails())
                .set("alertOn", settings == null || settings.alertOn() == null ? SalesRouting.ALERT_ALL : settings.alertOn())
                .set("hotLead", settings == null ? null : settings.hotLead())
                .set("digest", settings == null || settings.digest() == null ? SalesRouting.DIGEST_OFF : settings.digest())
                .set("digestTime", settings == null ? null : settings.digestTime())
                .set("exportFormat", settings == null ? null : settings.exportFormat())
                .set("contactEmail", view.contactEmail())
                .set("teamNames", view.teamNames())
                .set("form", view.form()));
        if (changed) {
            changes.incrementAndGet();
            recent.invalidate(view.exhibitorId());
            publisher.publishEvent(new SalesRoutingChanged(view.exhibitorId()));
        }
    }

    /** Exhibitors that asked for hourly or daily digests. */
    public List<SalesRouting> withDigests() {
        return mongo.find(Query.query(Criteria.where("digest").in(SalesRouting.DIGEST_HOURLY, SalesRouting.DIGEST_DAILY)),
                SalesRouting.class, COLLECTION);
    }

    /** The approved exhibitors of an edition. */
    public List<SalesRouting> approvedOf(String editionId) {
        return mongo.find(Query.query(Criteria.where("editionId").is(editionId).and("status").is("APPROVED")),
                SalesRouting.class, COLLECTION);
    }

    public Optional<SalesRouting> find(String exhibitorId) {
        return Optional.ofNullable(mongo.findById(exhibitorId, SalesRouting.class, COLLECTION));
    }

    /**
     * The exhibitor's routing as read at most {@link #ROUTING_KEPT} ago: for the alert emails, each of
     * which needs it (language, names, form), where a change may take that long to show.
     */
    public Optional<SalesRouting> recent(String exhibitorId) {
        SalesRouting kept = recent.getIfPresent(exhibitorId);
        if (kept != null) {
            return Optional.of(kept);
        }
        long before = changes.get();
        Optional<SalesRouting> found = find(exhibitorId);
        if (found.isPresent()) {
            recent.put(exhibitorId, found.get());
            // A change applied since the read may have been cleared out before this put: not kept then.
            // (A change applied after this look clears the routing itself.)
            if (changes.get() != before) {
                recent.invalidate(exhibitorId);
            }
        }
        return found;
    }

    /**
     * The exhibitor a request names: 404 ({@code UNKNOWN_EXHIBITOR}) while this service has not
     * heard of it on {@code expo.exhibitors.v1}, after a short wait for one created a moment ago.
     */
    public SalesRouting require(String exhibitorId) {
        return known.require(exhibitorId);
    }

    /** The routings of those exhibitors that are known, by exhibitor id, read in one query. */
    public Map<String, SalesRouting> findAll(Collection<String> exhibitorIds) {
        Map<String, SalesRouting> found = new HashMap<>();
        if (!exhibitorIds.isEmpty()) {
            mongo.find(Query.query(Criteria.where("_id").in(exhibitorIds)), SalesRouting.class, COLLECTION)
                    .forEach(routing -> found.put(routing.id(), routing));
        }
        return found;
    }
}
