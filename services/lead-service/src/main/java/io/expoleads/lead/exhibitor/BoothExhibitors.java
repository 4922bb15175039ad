package io.expoleads.lead.exhibitor;

import java.time.Duration;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.expoleads.events.EventEnvelope;
import io.expoleads.events.ExhibitorView;
import io.expoleads.events.Topics;
import io.expoleads.lead.ReadModelProperties;
import io.expoleads.platform.readmodel.KnownIds;
import io.expoleads.platform.readmodel.RevisionGuard;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** The exhibitor read model of lead capture, rebuilt from the exhibitor topic alone. */
@Component
public class BoothExhibitors {

    static final String COLLECTION = "exhibitors";

    private final MongoTemplate mongo;
    /**
     * Every scan looks its exhibitor up: known exhibitors are kept one second in memory. This
     * instance drops an entry as soon as it applies a change; a change applied by another
     * instance (a revoked staff member, say) holds here within that second.
     */
    private final Cache<String, BoothExhibitor> recent = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofSeconds(1)).maximumSize(100_000).build();

    private final KnownIds<BoothExhibitor> known;

    BoothExhibitors(MongoTemplate mongo, ReadModelProperties readModels) {
        this.mongo = mongo;
        this.known = new KnownIds<>("Exhibitor", "exhibitorId", "UNKNOWN_EXHIBITOR", this::find, readModels.arrivalWait());
    }

    @KafkaListener(topics = Topics.EXHIBITORS, groupId = "${expo.kafka.consumer-group:${spring.application.name}}-exhibitors")
    void on(EventEnvelope<ExhibitorView> event) {
        ExhibitorView view = event.payload();
        Update update = new Update()
                .set("editionId", view.editionId())
                .set("status", view.status())
                .set("companyName", view.companyName())
                .set("boothCode", view.boothCode())
                .set("activeStaff", view.activeStaff())
                .set("activeDevices", view.activeDevices())
                .set("teamNames", view.teamNames());
        if (view.form() != null) {
            // Every version is kept: scanners that were offline answer on the version they had.
            update.set("formVersion", view.form().version()).set("forms." + view.form().version(), view.form());
        }
        RevisionGuard.upsertIfNewer(mongo, COLLECTION, view.exhibitorId(), view.revision(), update);
        recent.invalidate(view.exhibitorId());
    }

    public Optional<BoothExhibitor> find(String exhibitorId) {
        return Optional.ofNullable(recent.get(exhibitorId, id -> mongo.findById(id, BoothExhibitor.class, COLLECTION)));
    }

    /**
     * The exhibitor a request names: 400 for an id that is no exhibitor id, 404 ({@code UNKNOWN_EXHIBITOR})
     * for one not heard of on {@code expo.exhibitors.v1}, after a short wait for one created a moment ago.
     */
    public BoothExhibitor require(String exhibitorId) {
        return known.require(exhibitorId);
    }
}
