package io.expoleads.exhibitor.edition;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

import io.expoleads.events.Contract;
import io.expoleads.events.EventEnvelope;
import io.expoleads.events.EventTypes;
import io.expoleads.events.Topics;
import io.expoleads.platform.outbox.EventWriter;
import io.expoleads.platform.outbox.OutboxEntry;
import io.expoleads.platform.outbox.OutboxRelays;
import io.expoleads.platform.outbox.OutboxWrites;
import io.expoleads.platform.web.ApiException;
import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/**
 * Editions in MongoDB, each saved with its {@code expo.editions.v1} event in the same document:
 * opening inserts the edition with EditionOpened at revision 1; a change is written only if nobody
 * changed the edition since it was read (its revision), with EditionChanged at the next revision.
 * The relay is then woken to publish.
 */
@Service
class Editions {

    static final String COLLECTION = "editions";
    private static final String REVISION = "revision";
    private static final String OUTBOX = "outbox";
    private static final int MAX_ATTEMPTS = 5;

    private final MongoTemplate mongo;
    private final EventWriter events;
    private final OutboxRelays relays;
    private final Clock clock;

    Editions(MongoTemplate mongo, EventWriter events, OutboxRelays relays, Clock clock) {
        this.mongo = mongo;
        this.events = events;
        this.relays = relays;
        this.clock = clock;
        openUnpublished();
    }

    /** Saves a new edition, at revision 1, with its EditionOpened event. */
    Edition open(Edition edition) {
        Edition opened = edition.at(1);
        opened = opened.withEvent(event(opened, EventTypes.EDITION_OPENED));
        mongo.insert(opened, COLLECTION);
        relays.wake();
        return opened;
    }

    Optional<Edition> find(String id) {
        return Optional.ofNullable(mongo.findById(id, Edition.class, COLLECTION));
    }

    /** Up to {@code count} editions in the order of their ids, after {@code afterId} (from the first when null). */
    List<Edition> after(String afterId, int count) {
        Query query = new Query().with(Sort.by("_id")).limit(count);
        if (afterId != null) {
            query.addCriteria(Criteria.where("_id").gt(afterId));
        }
        return mongo.find(query, Edition.class, COLLECTION);
    }

    /**
     * Applies {@code changes} to the edition as it is now and saves the result with its event, in
     * one write guarded by the revision read. A concurrent change makes the write miss: the changes
     * are then applied again to the newer state. Changes that alter nothing write nothing.
     */
    Edition change(String id, UnaryOperator<Edition> changes) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Edition current = find(id).orElseThrow(() -> ApiException.notFound("Edition", id));
            Edition changed = changes.apply(current);
            if (changed.sameDetails(current)) {
                return current;
            }
            Edition next = changed.at(current.revision() + 1);
            if (OutboxWrites.updateIfUnchanged(mongo, COLLECTION, id, current.revision(), next,
                    List.of(event(next, EventTypes.EDITION_CHANGED)))) {
                relays.wake();
                return next;
            }
        }
        throw ApiException.conflict("The edition is being changed by others right now; try again");
    }

    /**
     * Editions saved before editions were published have no revision (and cannot be read as an
     * {@link Edition}): each is given revision 1 and its EditionOpened event, so other services
     * learn of it and its changes can be guarded.
     */
    private void openUnpublished() {
        for (Document unpublished : mongo.find(Query.query(Criteria.where(REVISION).exists(false)), Document.class, COLLECTION)) {
            unpublished.put(REVISION, 1L);
            Edition opened = mongo.getConverter().read(Edition.class, unpublished);
            mongo.updateFirst(Query.query(Criteria.where("_id").is(opened.id()).and(REVISION).exists(false)),
                    new Update().set(REVISION, 1L).push(OUTBOX, event(opened, EventTypes.EDITION_OPENED)), COLLECTION);
        }
    }

    private OutboxEntry event(Edition edition, String type) {
        // One event per revision: the id says which, so a relay that publishes twice is recognised.
        UUID eventId = Contract.deterministicId(Topics.EDITIONS, edition.id(), Long.toString(edition.revision()));
        Instant now = clock.instant();
        return events.entry(Topics.EDITIONS, edition.id(),
                EventEnvelope.of(eventId, type, now, edition.id(), edition.id(), edition.view()));
    }
}
