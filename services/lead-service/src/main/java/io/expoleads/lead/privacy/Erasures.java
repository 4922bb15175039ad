package io.expoleads.lead.privacy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.expoleads.events.Contract;
import io.expoleads.events.ErasureProgress;
import io.expoleads.events.EventEnvelope;
import io.expoleads.events.EventTypes;
import io.expoleads.events.Topics;
import io.expoleads.lead.attendee.Attendee;
import io.expoleads.lead.attendee.AttendeeDirectory;
import io.expoleads.lead.lead.Lead;
import io.expoleads.lead.lead.LeadExportLog;
import io.expoleads.lead.lead.LeadPrivacy;
import io.expoleads.lead.lead.LeadStore;
import io.expoleads.platform.kafka.RejectedEventException;
import io.expoleads.platform.outbox.EventWriter;
import io.expoleads.platform.outbox.OutboxEntry;
import io.expoleads.platform.outbox.OutboxRelays;
import io.expoleads.platform.privacy.VisitorKeys;
import io.expoleads.platform.work.BackgroundWork;
import io.expoleads.platform.work.RunsInBackground;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Service;

/**
 * Erases visitors: lead-service's own steps (the attendee replaced by a stub with tombstones for
 * the compacted topics, leads scrubbed with {@code LeadErased}, the visitor's key destroyed, which
 * makes every sealed copy anywhere unreadable), then {@code ErasureRequested} on
 * {@code expo.erasures.v1} for the other services, whose {@code ErasureCompleted} it records.
 * Every step is idempotent, so a crash midway is finished by the sweep, which picks up erasures
 * whose lead-service part is not done.
 */
@Service
public class Erasures implements RunsInBackground {

    public static final String COLLECTION = "erasures";
    /** This service's name in an erasure's parts. */
    public static final String SERVICE = "lead-service";
    private static final Logger log = LoggerFactory.getLogger(Erasures.class);
    /** An erasure younger than this is left to the request that started it. */
    private static final Duration SWEEP_GRACE = Duration.ofSeconds(10);

    private final MongoTemplate mongo;
    private final AttendeeDirectory attendees;
    private final LeadStore leads;
    private final LeadPrivacy privacy;
    private final LeadExportLog exports;
    private final VisitorKeys keys;
    private final EventWriter events;
    private final OutboxRelays relays;
    private final VisitorAccess visitorAccess;
    private final Set<String> holders;
    private final Clock clock;
    private final BackgroundWork sweep;

    Erasures(MongoTemplate mongo, AttendeeDirectory attendees, LeadStore leads, LeadPrivacy privacy, LeadExportLog exports, VisitorKeys keys,
             EventWriter events, OutboxRelays relays, VisitorAccess visitorAccess,
             VisitorPrivacyProperties settings, Clock clock) {
        this.clock = clock;
        this.mongo = mongo;
        this.attendees = attendees;
        this.leads = leads;
        this.privacy = privacy;
        this.exports = exports;
        this.keys = keys;
        this.events = events;
        this.relays = relays;
        this.visitorAccess = visitorAccess;
        this.holders = Set.copyOf(settings.erasureServices());
        this.sweep = new BackgroundWork("erasure-sweep", settings.erasureSweep(), this::finishInterrupted);
        mongo.indexOps(COLLECTION).createIndex(new Index().on("status", Sort.Direction.ASC).on("receivedAt", Sort.Direction.ASC));
    }

    /** The erasure id of a visitor: one erasure per visitor, so asking again answers the same one. */
    static String erasureIdOf(String attendeeId) {
        return Contract.deterministicId("erasure", attendeeId).toString();
    }

    /** What {@link #request} did: started an erasure now, or found the visitor's erasure. */
    record Requested(Erasure erasure, boolean started) {
    }

    /**
     * Erases the visitor: records the request, runs lead-service's part at once and asks the other
     * services for theirs. A visitor already being (or been) erased answers their erasure.
     *
     * @return empty when there is no such attendee
     */
    Optional<Requested> request(String attendeeId, String cause) {
        Optional<Erasure> existing = find(erasureIdOf(attendeeId));
        if (existing.isPresent()) {
            runLeadServicePart(existing.get());
            return find(existing.get().id()).map(erasure -> new Requested(erasure, false));
        }
        Optional<Attendee> attendee = attendees.find(attendeeId);
        if (attendee.isEmpty()) {
            return Optional.empty();
        }
        Erasure received = new Erasure(erasureIdOf(attendeeId), attendeeId, attendee.get().editionId(), cause,
                clock.instant(), Erasure.RECEIVED, Map.of(), List.of(), List.of(), null);
        boolean started = true;
        try {
            mongo.insert(received, COLLECTION);
        } catch (DuplicateKeyException concurrentRequest) {
            started = false;
        }
        Erasure erasure = find(received.id()).orElseThrow();
        runLeadServicePart(erasure);
        Erasure after = find(erasure.id()).orElseThrow();
        return Optional.of(new Requested(after, started));
    }

    Optional<Erasure> find(String erasureId) {
        return Optional.ofNullable(mongo.findById(erasureId, Erasure.class, COLLECTION));
    }

    /** lead-service's steps, each idempotent; nothing when its part is done already. */
    void runLeadServicePart(Erasure erasure) {
        if (erasure.services().containsKey(SERVICE)) {
            return;
        }
        long started = System.nanoTime();
        mongo.updateFirst(Query.query(Criteria.where("_id").is(erasure.id()).and("status").is(Erasure.RECEIVED)),
                new Update().set("status", Erasure.IN_PROGRESS), COLLECTION);
        String attendeeId = erasure.attendeeId();
        List<Lead> before = leads.leadsOf(attendeeId);
        List<LeadExportLog.Held> held = exports.holding(before);
        // The stub first, then the leads: lead capture reads the attendee again after writing a lead
        // and scrubs it when erased, so a lead it writes after this scrub found none is scrubbed there.
        // The key last: a lead sealed meanwhile is scrubbed in the store, its event made unreadable.
        attendees.erase(attendeeId, erasure.receivedAt());
        List<Lead> scrubbed = privacy.eraseVisitor(attendeeId, erasure.receivedAt());
        keys.destroy(attendeeId);
        // Whoever asked, the visitor's own page has nothing left to show: their sessions end.
        visitorAccess.endSessionsOf(attendeeId);
        Instant done = clock.instant();
        List<String> leadIds = scrubbed.stream().map(Lead::id).toList();
        Map<String, Long> removed = new LinkedHashMap<>();
        removed.put("attendees", 1L);
        removed.put("leads", (long) scrubbed.size());
        removed.put("visitorKeys", 1L);
        ErasureProgress requested = ErasureProgress.requested(erasure.id(), attendeeId, erasure.editionId(), erasure.cause(),
                erasure.receivedAt(), leadIds);
        ErasureProgress completed = requested.completedBy(SERVICE, done, removed);
        List<OutboxEntry> outbox = new ArrayList<>();
        outbox.add(events.entry(Topics.ERASURES, attendeeId, EventEnvelope.of(
                Contract.deterministicId(Topics.ERASURES, erasure.id(), EventTypes.ERASURE_REQUESTED),
                EventTypes.ERASURE_REQUESTED, done, erasure.editionId(), attendeeId, requested)));
        outbox.add(events.entry(Topics.ERASURES, attendeeId, EventEnvelope.of(
                Contract.deterministicId(Topics.ERASURES, erasure.id(), EventTypes.ERASURE_COMPLETED, SERVICE),
                EventTypes.ERASURE_COMPLETED, done, erasure.editionId(), attendeeId, completed)));
        Update update = new Update()
                .set("services." + SERVICE, new Erasure.ServicePart(done, removed))
                .set("exportsHolding", held)
                .set("leadIds", leadIds)
                .push("outbox").each(outbox.toArray());
        boolean recorded = mongo.updateFirst(Query.query(Criteria.where("_id").is(erasure.id())
                .and("services." + SERVICE).exists(false)), update, COLLECTION).getModifiedCount() > 0;
        if (recorded) {
            relays.wake(COLLECTION, List.of(erasure.id()));
            log.info("Erasure {} of attendee {}: lead-service's part done in {} ms ({} leads)", erasure.id(), attendeeId,
                    (System.nanoTime() - started) / 1_000_000, scrubbed.size());
        }
        markDoneIfComplete(erasure.id());
    }

    /** Records another service's part, when it says it is done. */
    @KafkaListener(topics = Topics.ERASURES, groupId = "${expo.kafka.consumer-group:${spring.application.name}}-erasures")
    void onProgress(EventEnvelope<ErasureProgress> event) {
        ErasureProgress progress = event.payload();
        if (!EventTypes.ERASURE_COMPLETED.equals(event.type()) || progress.service() == null
                || SERVICE.equals(progress.service()) || progress.completedAt() == null) {
            return;
        }
        if (progress.service().contains(".") || progress.service().startsWith("$")) {
            throw new RejectedEventException("not a service name: " + progress.service());
        }
        mongo.updateFirst(Query.query(Criteria.where("_id").is(progress.erasureId())
                        .and("services." + progress.service()).exists(false)),
                new Update().set("services." + progress.service(),
                        new Erasure.ServicePart(progress.completedAt(), progress.removed())), COLLECTION);
        markDoneIfComplete(progress.erasureId());
    }

    private void markDoneIfComplete(String erasureId) {
        Criteria complete = Criteria.where("_id").is(erasureId).and("status").ne(Erasure.DONE);
        for (String holder : holders) {
            complete = complete.and("services." + holder).exists(true);
        }
        mongo.updateFirst(Query.query(complete), new Update().set("status", Erasure.DONE).set("doneAt", clock.instant()),
                COLLECTION);
    }

    /** Finishes lead-service's part of erasures a crash left midway. */
    void finishInterrupted() {
        Query query = Query.query(Criteria.where("status").in(Erasure.RECEIVED, Erasure.IN_PROGRESS)
                .and("services." + SERVICE).exists(false)
                .and("receivedAt").lt(clock.instant().minus(SWEEP_GRACE)));
        query.fields().exclude("outbox");
        for (Erasure erasure : mongo.find(query, Erasure.class, COLLECTION)) {
            runLeadServicePart(erasure);
        }
    }

    @Override
    public BackgroundWork backgroundWork() {
        return sweep;
    }
}
