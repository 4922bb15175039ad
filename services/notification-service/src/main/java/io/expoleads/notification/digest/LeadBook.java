package io.expoleads.notification.digest;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.expoleads.events.EventEnvelope;
import io.expoleads.events.EventTypes;
import io.expoleads.events.LeadView;
import io.expoleads.events.Topics;
import io.expoleads.notification.privacy.PersonalCopies;
import io.expoleads.notification.privacy.SealedLeads;
import io.expoleads.platform.kafka.PollPart;
import io.expoleads.platform.kafka.UnreadableRecords;
import io.expoleads.platform.readmodel.RevisionGuard;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Every lead as its latest event shows it, kept from {@code expo.leads.v1} for digests, with the
 * time this service first heard of it. A digest takes the leads first heard of in its period, so
 * each lead is in exactly one digest, even one scanned offline and uploaded hours later. Events are
 * opened as they are read ({@link SealedLeads}); an erased lead is kept as a stub without its visitor.
 */
@Component
class LeadBook implements PersonalCopies {

    static final String COLLECTION = "leads";
    /** The listener container that keeps the book, for operations that pause or replay it. */
    static final String LISTENER_ID = "lead-book";

    private final MongoTemplate mongo;
    private final SealedLeads sealed;
    private final Clock clock;

    LeadBook(MongoTemplate mongo, SealedLeads sealed, Clock clock) {
        this.clock = clock;
        this.mongo = mongo;
        this.sealed = sealed;
        mongo.indexOps(COLLECTION).createIndex(new Index().on("exhibitorId", Sort.Direction.ASC).on("receivedAt", Sort.Direction.ASC)
                .named("digest_period"));
        mongo.indexOps(COLLECTION).createIndex(new Index().on("attendeeId", Sort.Direction.ASC).sparse());
    }

    /**
     * A poll's lead events, kept in one write (a lead event per scan: one write each was a store
     * round trip per scan). In the order of the partition: an erasure is applied after the events
     * before it and before those after it.
     */
    @KafkaListener(id = LISTENER_ID, topics = Topics.LEADS, batch = "true",
            groupId = "${expo.kafka.consumer-group:${spring.application.name}}-digest-leads")
    void on(List<ConsumerRecord<String, EventEnvelope<LeadView>>> records) {
        PollPart<EventEnvelope<LeadView>> opened = new PollPart<>("kept");
        for (int index = 0; index < records.size(); index++) {
            EventEnvelope<LeadView> event = records.get(index).value();
            if (event == null) {
                opened.applyOrLocate(this::keep, LeadBook::name);
                throw new BatchListenerFailedException("not a readable lead event", UnreadableRecords.cause(records.get(index), "a lead event"),
                        index);
            }
            try {
                if (EventTypes.LEAD_ERASED.equals(event.type())) {
                    opened.applyOrLocate(this::keep, LeadBook::name);
                    erased(event.payload());
                } else {
                    // An erased visitor's event is skipped; one waiting for its visitor's key is retried until the key comes.
                    Optional<EventEnvelope<LeadView>> open = sealed.open(event);
                    if (open.isPresent()) {
                        opened.add(open.get(), index);
                    }
                }
            } catch (BatchListenerFailedException located) {
                throw located;
            } catch (RuntimeException failed) {
                opened.applyOrLocate(this::keep, LeadBook::name);
                throw new BatchListenerFailedException(name(event) + " could not be kept", failed, index);
            }
        }
        opened.applyOrLocate(this::keep, LeadBook::name);
    }

    private void keep(List<EventEnvelope<LeadView>> events) {
        Instant now = clock.instant();
        RevisionGuard.upsertAllIfNewer(mongo, COLLECTION, events.stream().map(EventEnvelope::payload)
                .map(lead -> new RevisionGuard.Write(lead.leadId(), lead.revision(), new Update()
                        .set("exhibitorId", lead.exhibitorId())
                        .set("attendeeId", lead.attendee().attendeeId())
                        .set("lead", lead)
                        .setOnInsert("receivedAt", now)))
                .toList());
    }

    private static String name(EventEnvelope<LeadView> event) {
        return "lead event " + event.eventId();
    }

    @Override
    public String name() {
        return "leads";
    }

    @Override
    public Set<String> leadIds(String attendeeId) {
        return Set.copyOf(mongo.findDistinct(Query.query(ofVisitor(attendeeId, List.of())), "_id", COLLECTION, String.class));
    }

    /**
     * Each lead of the visitor becomes a stub with ids, revision and times only: a digest not sent yet
     * no longer lists them, and the revision it keeps refuses the lead's older events if they come again.
     */
    @Override
    public int forget(String attendeeId, Collection<String> leadIds) {
        Query query = Query.query(ofVisitor(attendeeId, leadIds)).addCriteria(Criteria.where("lead").exists(true));
        return (int) mongo.updateMulti(query, new Update().unset("lead").set("erased", true), COLLECTION).getModifiedCount();
    }

    /** The lead is erased: its copy becomes a stub (see {@link #forget}), made now if the lead was never heard of. */
    void erased(LeadView lead) {
        mongo.upsert(Query.query(Criteria.where("_id").is(lead.leadId())), new Update()
                .set("exhibitorId", lead.exhibitorId())
                .set("attendeeId", lead.attendee().attendeeId())
                .unset("lead")
                .set("erased", true)
                .max(RevisionGuard.REVISION, lead.revision())
                .setOnInsert("receivedAt", clock.instant()), COLLECTION);
    }

    private static Criteria ofVisitor(String attendeeId, Collection<String> leadIds) {
        // Copies made before the book named the visitor at the top hold the attendee in the lead only.
        return new Criteria().orOperator(Criteria.where("attendeeId").is(attendeeId),
                Criteria.where("lead.attendee.attendeeId").is(attendeeId), Criteria.where("_id").in(leadIds));
    }

    /** The exhibitor's leads first heard of in {@code [from, to)}, first scanned first; erased ones are left out. */
    List<LeadView> firstHeardOf(String exhibitorId, Instant from, Instant to) {
        Query query = Query.query(Criteria.where("exhibitorId").is(exhibitorId).and("receivedAt").gte(from).lt(to)
                .and("lead").exists(true));
        return mongo.find(query, Document.class, COLLECTION).stream()
                .map(document -> mongo.getConverter().read(LeadView.class, document.get("lead", Document.class)))
                .sorted(java.util.Comparator.comparing(LeadView::firstScanAt, java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder()))
                        .thenComparing(LeadView::leadId))
                .toList();
    }

    boolean anyFirstHeardOf(String exhibitorId, Instant from, Instant to) {
        return mongo.exists(Query.query(Criteria.where("exhibitorId").is(exhibitorId).and("receivedAt").gte(from).lt(to)
                .and("lead").exists(true)), COLLECTION);
    }
}
