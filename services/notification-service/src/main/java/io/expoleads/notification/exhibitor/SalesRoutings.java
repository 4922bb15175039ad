package io.expoleads.notification.exhibitor;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    private final MongoTemplate mongo;
    private final ApplicationEventPublisher publisher;

    private final KnownIds<SalesRouting> known;

    SalesRoutings(MongoTemplate mongo, ApplicationEventPublisher publisher,
                  ReadModelProperties readModels) {
        this.mongo = mongo;
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
