package io.expoleads.notification.alert;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import io.expoleads.events.EventEnvelope;
import io.expoleads.events.LeadView;
import io.expoleads.notification.privacy.PersonalCopies;
import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Lead events whose exhibitor this service has not heard of yet (it may be catching up on the
 * exhibitor topic), kept until the exhibitor's routing arrives. Each is kept once, by its event
 * id, however often Kafka delivers it; they come back in the order they were parked, so under the
 * HOT rule the first matching event is still the one alerted.
 */
@Component
class WaitingAlerts implements PersonalCopies {

    static final String COLLECTION = "alerts_waiting_for_routing";
    private static final TypeReference<EventEnvelope<LeadView>> LEAD_EVENT = new TypeReference<>() {
    };

    /** A parked event, {@code id} being its event id. */
    record Waiting(String id, EventEnvelope<LeadView> event) {
    }

    private final MongoTemplate mongo;
    private final JsonMapper json;
    private final Clock clock;

    WaitingAlerts(MongoTemplate mongo, JsonMapper json, Clock clock) {
        this.clock = clock;
        this.mongo = mongo;
        this.json = json;
        mongo.indexOps(COLLECTION).createIndex(new Index().on("exhibitorId", Sort.Direction.ASC));
        mongo.indexOps(COLLECTION).createIndex(new Index().on("leadId", Sort.Direction.ASC));
        mongo.indexOps(COLLECTION).createIndex(new Index().on("attendeeId", Sort.Direction.ASC));
    }

    /** Parks the events, in this order, in one bulk write; an event parked already keeps its place. */
    void park(List<EventEnvelope<LeadView>> events) {
        if (events.isEmpty()) {
            return;
        }
        Instant since = clock.instant();
        BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, COLLECTION);
        for (int position = 0; position < events.size(); position++) {
            EventEnvelope<LeadView> event = events.get(position);
            bulk.upsert(Query.query(Criteria.where("_id").is(event.eventId().toString())), new Update()
                    .setOnInsert("exhibitorId", event.payload().exhibitorId())
                    .setOnInsert("leadId", event.payload().leadId())
                    .setOnInsert("attendeeId", event.payload().attendee().attendeeId())
                    .setOnInsert("event", json.writeValueAsString(event))
                    .setOnInsert("since", since)
                    .setOnInsert("position", position));
        }
        bulk.execute();
    }

    /** The exhibitors that events wait for. */
    List<String> exhibitors() {
        return mongo.findDistinct(new Query(), "exhibitorId", COLLECTION, String.class);
    }

    /** Up to {@code limit} of the events waiting for those exhibitors, in the order they were parked. */
    List<Waiting> of(Collection<String> exhibitorIds, int limit) {
        Query query = Query.query(Criteria.where("exhibitorId").in(exhibitorIds))
                .with(Sort.by("since", "position", "_id")).limit(limit);
        return mongo.find(query, Document.class, COLLECTION).stream()
                .map(waiting -> new Waiting(waiting.getString("_id"), json.readValue(waiting.getString("event"), LEAD_EVENT)))
                .toList();
    }

    @Override
    public String name() {
        return "waitingAlerts";
    }

    @Override
    public Set<String> leadIds(String attendeeId) {
        return Set.copyOf(mongo.findDistinct(Query.query(Criteria.where("attendeeId").is(attendeeId)), "leadId", COLLECTION, String.class));
    }

    @Override
    public int forget(String attendeeId, Collection<String> leadIds) {
        Criteria ofVisitor = new Criteria().orOperator(Criteria.where("attendeeId").is(attendeeId), Criteria.where("leadId").in(leadIds));
        return (int) mongo.remove(Query.query(ofVisitor), COLLECTION).getDeletedCount();
    }

    /** The events waiting about the lead lose the visitor's email and phone (a consent withdrawal). @return how many */
    int withdrawContact(String leadId) {
        int changed = 0;
        for (Document waiting : mongo.find(Query.query(Criteria.where("leadId").is(leadId)), Document.class, COLLECTION)) {
            EventEnvelope<LeadView> event = json.readValue(waiting.getString("event"), LEAD_EVENT);
            EventEnvelope<LeadView> without = new EventEnvelope<>(event.eventId(), event.type(), event.version(), event.occurredAt(),
                    event.editionId(), event.aggregateId(), Contacts.withoutContact(event.payload()));
            changed += (int) mongo.updateFirst(Query.query(Criteria.where("_id").is(waiting.get("_id"))),
                    new Update().set("event", json.writeValueAsString(without)), COLLECTION).getModifiedCount();
        }
        return changed;
    }

    void remove(Collection<String> ids) {
        mongo.remove(Query.query(Criteria.where("_id").in(ids)), COLLECTION);
    }
}
