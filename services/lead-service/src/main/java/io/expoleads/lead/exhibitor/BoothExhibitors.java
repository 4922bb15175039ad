package io.expoleads.lead.exhibitor;

import java.util.Optional;

import io.expoleads.events.EventEnvelope;
import io.expoleads.events.ExhibitorView;
import io.expoleads.events.Topics;
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

    BoothExhibitors(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @KafkaListener(topics = Topics.EXHIBITORS, groupId = "${expo.kafka.consumer-group:${spring.application.name}}-exhibitors")
    void on(EventEnvelope<ExhibitorView> event) {
        ExhibitorView view = event.payload();
        RevisionGuard.upsertIfNewer(mongo, COLLECTION, view.exhibitorId(), view.revision(), new Update()
                .set("editionId", view.editionId())
                .set("status", view.status())
                .set("companyName", view.companyName())
                .set("boothCode", view.boothCode())
                .set("activeStaff", view.activeStaff())
                .set("activeDevices", view.activeDevices()));
    }

    public Optional<BoothExhibitor> find(String exhibitorId) {
        return Optional.ofNullable(mongo.findById(exhibitorId, BoothExhibitor.class, COLLECTION));
    }
}
