package io.expoleads.notification.digest;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.expoleads.events.EventEnvelope;
import io.expoleads.events.LeadView;
import io.expoleads.events.Topics;
import io.expoleads.platform.readmodel.RevisionGuard;
import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Every lead as its latest event shows it, kept from {@code expo.leads.v1} for digests, with the
 * time this service first heard of it. A digest takes the leads first heard of in its period, so
 * each lead is in exactly one digest, even one scanned offline and uploaded hours later.
 */
@Component
class LeadBook {

    static final String COLLECTION = "leads";

    private final MongoTemplate mongo;
    private final Clock clock = Clock.systemUTC();

    LeadBook(MongoTemplate mongo) {
        this.mongo = mongo;
        mongo.indexOps(COLLECTION).createIndex(new Index().on("exhibitorId", Sort.Direction.ASC).on("receivedAt", Sort.Direction.ASC)
                .named("digest_period"));
    }

    @KafkaListener(topics = Topics.LEADS, groupId = "${expo.kafka.consumer-group:${spring.application.name}}-digest-leads")
    void on(EventEnvelope<LeadView> event) {
        LeadView lead = event.payload();
        RevisionGuard.upsertIfNewer(mongo, COLLECTION, lead.leadId(), lead.revision(), new Update()
                .set("exhibitorId", lead.exhibitorId())
                .set("lead", lead)
                .setOnInsert("receivedAt", clock.instant()));
    }

    /** The exhibitor's leads first heard of in {@code [from, to)}, first scanned first. */
    List<LeadView> firstHeardOf(String exhibitorId, Instant from, Instant to) {
        Query query = Query.query(Criteria.where("exhibitorId").is(exhibitorId).and("receivedAt").gte(from).lt(to));
        return mongo.find(query, Document.class, COLLECTION).stream()
                .map(document -> mongo.getConverter().read(LeadView.class, document.get("lead", Document.class)))
                .sorted(java.util.Comparator.comparing(LeadView::firstScanAt, java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder()))
                        .thenComparing(LeadView::leadId))
                .toList();
    }

    boolean anyFirstHeardOf(String exhibitorId, Instant from, Instant to) {
        return mongo.exists(Query.query(Criteria.where("exhibitorId").is(exhibitorId).and("receivedAt").gte(from).lt(to)), COLLECTION);
    }
}
