package io.expoleads.lead.lead;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.expoleads.events.AttendeeView;
import io.expoleads.events.Contract;
import io.expoleads.events.EventEnvelope;
import io.expoleads.events.EventTypes;
import io.expoleads.events.ScanAccepted;
import io.expoleads.events.Topics;
import io.expoleads.lead.attendee.Attendee;
import io.expoleads.lead.attendee.AttendeeDirectory;
import io.expoleads.lead.attendee.AttendeeVisibilityChanged;
import io.expoleads.platform.kafka.RejectedEventException;
import io.expoleads.platform.kafka.UnreadableRecords;
import io.expoleads.platform.outbox.EventWriter;
import io.expoleads.platform.outbox.OutboxEntry;
import io.expoleads.platform.outbox.OutboxRelays;
import io.expoleads.platform.outbox.OutboxWrites;
import io.expoleads.platform.privacy.PersonalSeal;
import io.expoleads.platform.tracing.ConsumerSpans;
import io.expoleads.platform.web.ApiException;
import io.expoleads.platform.web.StoreUnavailable;
import io.expoleads.platform.work.Coalescer;
import jakarta.annotation.PreDestroy;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.http.HttpStatus;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.stereotype.Service;

/**
 * Turns accepted scans into leads and applies qualifications to them. Each scan is applied at most
 * once (its id is kept in the lead); the lead and its {@code LeadCaptured}, {@code LeadUpdated} or
 * {@code LeadQualified} event are written in one single-document update guarded by the lead's
 * revision, so replaying {@code expo.scans.v1} from the beginning changes nothing and concurrent
 * edits are each applied to the latest state, never lost.
 */
@Service
public class LeadCapture {

    public static final String COLLECTION = "leads";
    /** The listener container that consumes {@code expo.scans.v1}, for operations that pause or replay it. */
    public static final String LISTENER_ID = "lead-capture";
    /** The listener container that consumes {@code expo.attendees.v1}. */
    public static final String ATTENDEE_LISTENER_ID = "lead-attendees";

    private final MongoTemplate mongo;
    private final AttendeeDirectory attendees;
    private final EventWriter events;
    private final OutboxRelays relays;
    private final PersonalSeal seal;
    private final Clock clock;
    private final Coalescer<String, Lead> receiptReads = new Coalescer<>("lead-receipt-reads", 256, this::readForReceipts);

    private final LeadMeters meters;
    private final ConsumerSpans consumerSpans;

    LeadCapture(MongoTemplate mongo, AttendeeDirectory attendees, EventWriter events, OutboxRelays relays, PersonalSeal seal,
                ObjectProvider<Clock> clock, LeadMeters meters, ObjectProvider<ConsumerSpans> consumerSpans) {
        this.clock = clock.getIfAvailable(Clock::systemUTC);
        this.consumerSpans = consumerSpans.getIfAvailable(() -> ConsumerSpans.NONE);
        this.meters = meters;
        this.seal = seal;
        this.mongo = mongo;
        this.attendees = attendees;
        this.events = events;
        this.relays = relays;
        mongo.indexOps(COLLECTION).createIndex(new Index().on("exhibitorId", Sort.Direction.ASC).on("attendeeId", Sort.Direction.ASC).unique());
        mongo.indexOps(COLLECTION).createIndex(new Index().on("exhibitorId", Sort.Direction.ASC).on("lastScanAt", Sort.Direction.DESC));
        mongo.indexOps(COLLECTION).createIndex(new Index().on("attendeeId", Sort.Direction.ASC));
        // The revision-guarded updates ask for {_id, revision}: MongoDB answers from the _id index;
        // mongo-java-server (local runs, tests) uses an index only for a query on exactly its keys.
        mongo.indexOps(COLLECTION).createIndex(new Index().on("_id", Sort.Direction.ASC).on("revision", Sort.Direction.ASC)
                .unique().named("revision_guard"));
    }

    /**
     * Takes what one poll brought at once: the leads and attendees the scans name are read in two
     * queries, new leads inserted in one bulk write and changed ones updated in another, each lead
     * once however many of its scans came. A record that cannot be a scan stops the batch there:
     * the records before it are applied, it goes to the dead-letter topic, the rest follow.
     */
    @KafkaListener(id = LISTENER_ID, idIsGroup = false, topics = Topics.SCANS, batch = "true",
            groupId = "${expo.kafka.consumer-group:${spring.application.name}}-leads")
    void on(List<ConsumerRecord<String, EventEnvelope<ScanAccepted>>> records) {
        // Each scan's capture is a span of the scan's trace, a child of the send that put it on
        // expo.scans.v1; the lead events written for it carry that trace to expo.leads.v1.
        try (ConsumerSpans.Poll spans = consumerSpans.poll("lead capture")) {
            try {
                take(records, spans);
            } catch (BatchListenerFailedException located) {
                spans.failed(located);
                throw located;
            } catch (RuntimeException unlocated) {
                spans.failed(unlocated);
                // Anything else would send the whole poll to the batch fallback, which dead-letters every record of it,
                // acknowledged scans included. Taking a scan twice changes nothing, so the poll is tried again from its
                // first record: until the store answers when it is what failed, else within the bounded retries.
                throw new BatchListenerFailedException("the poll could not be taken", unlocated, 0);
            }
        }
    }

    private void take(List<ConsumerRecord<String, EventEnvelope<ScanAccepted>>> records, ConsumerSpans.Poll spans) {
        List<ScanAccepted> scans = new ArrayList<>(records.size());
        // Where each scan sits among the records: a scan skipped (its visitor erased) leaves a gap, and
        // a failure must name the record at fault, not the n-th scan kept.
        List<Integer> positions = new ArrayList<>(records.size());
        for (int index = 0; index < records.size(); index++) {
            EventEnvelope<ScanAccepted> event = records.get(index).value();
            if (event == null || event.payload() == null) {
                // The deserializer could not read it; its reason is in the record's headers.
                applyOrLocate(scans, positions, spans);
                throw new BatchListenerFailedException("not a readable scan event",
                        UnreadableRecords.cause(records.get(index), "a scan event"), index);
            }
            Optional<ScanAccepted> opened;
            try {
                opened = seal.open(event.payload());
            } catch (RejectedEventException refused) {
                applyOrLocate(scans, positions, spans);
                throw new BatchListenerFailedException(refused.getMessage(), refused, index);
            } catch (RuntimeException failure) {
                // Opening reads the visitor's key from the store: named at the first record not yet applied, so
                // the poll is retried from there (until the store answers, when it is what failed).
                throw new BatchListenerFailedException(StoreUnavailable.causedBy(failure) ? "the store is unavailable"
                        : "scan could not be opened", failure, positions.isEmpty() ? index : positions.get(0));
            }
            // A scan whose visitor's key is gone (erased) adds nothing: not even on a replay from the start.
            if (opened.isPresent()) {
                ScanAccepted scan = opened.get();
                spans.start(scan.scanId(), records.get(index), Map.of("exhibitorId", scan.exhibitorId(), "scanId", scan.scanId()));
                scans.add(scan);
                positions.add(index);
            }
        }
        applyOrLocate(scans, positions, spans);
    }

    /**
     * Applies the scans together; when that fails for a reason other than the store being away,
     * applies them one by one, so the record at fault is named (and dead-lettered) and the others
     * are not. A store that is away fails the whole poll, retried until it answers.
     */
    private void applyOrLocate(List<ScanAccepted> scans, List<Integer> positions, ConsumerSpans.Poll spans) {
        if (scans.isEmpty()) {
            return;
        }
        try {
            Set<String> attendeeIds = new HashSet<>();
            scans.forEach(scan -> attendeeIds.add(scan.attendeeId()));
            Map<String, Attendee> known = attendees.findAll(attendeeIds);
            List<ScanAccepted> capturable = new ArrayList<>();
            int checked = 0;
            for (ScanAccepted scan : scans) {
                if (!known.containsKey(scan.attendeeId())) {
                    break;
                }
                checked++;
                if (!known.get(scan.attendeeId()).erased()) {
                    // A scan in flight when its visitor was erased adds no personal data.
                    capturable.add(scan);
                }
            }
            honourWithdrawals(apply(capturable, known, spans));
            Instant stored = clock.instant();
            capturable.forEach(scan -> meters.captured(scan.receivedAt(), stored));
            if (checked < scans.size()) {
                ScanAccepted scan = scans.get(checked);
                String reason = "scan " + scan.scanId() + " names unknown attendee " + scan.attendeeId();
                throw new BatchListenerFailedException(reason, new RejectedEventException(reason), positions.get(checked));
            }
        } catch (BatchListenerFailedException located) {
            throw located;
        } catch (DataAccessResourceFailureException | TransientDataAccessException storeAway) {
            throw new BatchListenerFailedException("the store is unavailable", storeAway, positions.get(0));
        } catch (RuntimeException unexpected) {
            List<Lead> captured = new ArrayList<>();
            for (int index = 0; index < scans.size(); index++) {
                try {
                    ScanAccepted scan = scans.get(index);
                    spans.within(scan.scanId(), () -> capture(scan)).ifPresent(captured::add);
                    meters.captured(scans.get(index).receivedAt(), clock.instant());
                } catch (RuntimeException atFault) {
                    // The scans before it are committed with the record's offset: their leads are checked now.
                    honourWithdrawals(captured);
                    throw new BatchListenerFailedException("scan " + scans.get(index).scanId() + " could not be captured",
                            atFault, positions.get(index));
                }
            }
            honourWithdrawals(captured);
        }
    }

    /**
     * Writes the scans' leads.
     *
     * @return each lead the scans are in, as written or, when they held these scans already, as read
     */
    private List<Lead> apply(List<ScanAccepted> scans, Map<String, Attendee> known, ConsumerSpans.Poll spans) {
        if (scans.isEmpty()) {
            return List.of();
        }
        Map<String, List<ScanAccepted>> byLead = new LinkedHashMap<>();
        scans.forEach(scan -> byLead.computeIfAbsent(Lead.idOf(scan.exhibitorId(), scan.attendeeId()), id -> new ArrayList<>()).add(scan));
        Map<String, Lead> stored = new HashMap<>();
        mongo.find(Query.query(Criteria.where("_id").in(byLead.keySet())), Lead.class, COLLECTION)
                .forEach(lead -> stored.put(lead.id(), lead));
        List<Lead> inserts = new ArrayList<>();
        Map<String, Lead> updates = new LinkedHashMap<>();
        Map<String, Lead> current = new LinkedHashMap<>();
        byLead.forEach((leadId, leadScans) -> {
            Lead before = stored.get(leadId);
            Lead lead = before;
            for (ScanAccepted scan : leadScans) {
                lead = withScan(lead, scan, known.get(scan.attendeeId()));
            }
            // Redelivered after its leads were written (the store gone before the withdrawals were
            // checked), a poll changes nothing: its leads are checked all the same.
            current.put(leadId, lead);
            if (lead == before) {
                return;
            }
            if (before == null) {
                inserts.add(withRevision(lead, 1));
            } else {
                updates.put(leadId, withRevision(lead, before.revision() + 1));
            }
        });
        List<String> retry = new ArrayList<>();
        if (!inserts.isEmpty()) {
            // Each lead's event in the trace of the last of its scans in this poll.
            List<Lead> withEvents = inserts.stream().map(lead -> lead.withEvent(
                    spans.within(lastScan(byLead, lead.id()), () -> event(lead, EventTypes.LEAD_CAPTURED)))).toList();
            try {
                mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, COLLECTION).insert(withEvents).execute();
            } catch (RuntimeException raced) {
                // A lead made meanwhile by another writer: those are applied one by one below.
                inserts.forEach(lead -> retry.add(lead.id()));
            }
        }
        if (!updates.isEmpty()) {
            BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, COLLECTION);
            updates.forEach((leadId, lead) -> bulk.updateOne(OutboxWrites.unchangedSince(leadId, stored.get(leadId).revision()),
                    OutboxWrites.update(mongo, lead, List.of(spans.within(lastScan(byLead, leadId),
                            () -> event(lead, EventTypes.LEAD_UPDATED))), Map.of())));
            if (bulk.execute().getMatchedCount() != updates.size()) {
                // Some lead changed since it was read (a qualification, say): those are applied again one by one.
                retry.addAll(updates.keySet());
            }
        }
        for (String leadId : retry) {
            for (ScanAccepted scan : byLead.get(leadId)) {
                spans.within(scan.scanId(), () -> capture(scan)).ifPresent(lead -> current.put(leadId, lead));
            }
        }
        List<String> written = new ArrayList<>(byLead.keySet());
        relays.wake(COLLECTION, written);
        return new ArrayList<>(current.values());
    }

    private static String lastScan(Map<String, List<ScanAccepted>> byLead, String leadId) {
        List<ScanAccepted> scans = byLead.get(leadId);
        return scans.get(scans.size() - 1).scanId();
    }

    /**
     * Scrubs those of these leads, just written, whose visitor was erased meanwhile, with the
     * erasure's own {@code LeadErased}; and takes the contact off those whose visitor withdrew
     * contact sharing from their exhibitor meanwhile, with the withdrawal's own event. An erasure
     * or a withdrawal writes the attendee before it scrubs the leads; capture read the attendee
     * before it wrote the lead, so one landing between the two found no lead to scrub and capture
     * wrote the visitor's data. Reading the attendees again after the write closes that gap: one
     * this read does not see has not written the attendee yet, and will find and scrub the lead
     * written here. One read for the whole poll, and none when every lead is erased already.
     */
    private void honourWithdrawals(List<Lead> leads) {
        List<Lead> living = leads.stream().filter(lead -> !lead.erased()).toList();
        if (living.isEmpty()) {
            return;
        }
        Map<String, Attendee> now = attendees.findAll(living.stream().map(Lead::attendeeId).distinct().toList());
        List<String> scrubbed = new ArrayList<>();
        for (Lead lead : living) {
            Attendee attendee = now.get(lead.attendeeId());
            if (attendee == null) {
                continue;
            }
            if (attendee.erased()) {
                // The erasure's own time, so the LeadErased is the one the erasure would have written.
                erase(lead.id(), attendee.erasedAt() == null ? clock.instant() : attendee.erasedAt());
                scrubbed.add(lead.id());
            } else if (lead.holdsContact() && !attendee.contactAllowedFor(lead.exhibitorId())) {
                withoutContact(lead.id());
                scrubbed.add(lead.id());
            }
        }
        relays.wake(COLLECTION, scrubbed);
    }

    /** The lead with one more scan and the qualification taken with it; the same lead when it holds the scan already. */
    private Lead withScan(Lead lead, ScanAccepted scan, Attendee attendee) {
        if (lead != null && lead.hasScan(scan.scanId())) {
            return lead;
        }
        ScanRecord record = new ScanRecord(scan.scanId(), scan.staffId(), scan.deviceId(), scan.scannedAt(), scan.receivedAt(),
                scan.flags());
        Lead scanned = lead == null
                ? Lead.firstScan(scan.exhibitorId(), scan.editionId(), attendees.visibleTo(attendee, scan.exhibitorId()), record)
                : lead.scannedAgain(record);
        return scan.qualifies() ? scanned.qualified(boothQualification(scan, record)) : scanned;
    }

    /** Refreshes the attendee data shown on the attendee's leads when the directory changes them. */
    @KafkaListener(id = ATTENDEE_LISTENER_ID, idIsGroup = false, topics = Topics.ATTENDEES,
            groupId = "${expo.kafka.consumer-group:${spring.application.name}}-lead-attendees")
    void onAttendee(@Payload(required = false) EventEnvelope<AttendeeView> event) {
        if (event == null || !EventTypes.ATTENDEE_UPDATED.equals(event.type())) {
            // A tombstone (an erased visitor) or an erasure: the erasure rewrote the leads itself.
            // A newly registered attendee has no lead yet: a scan needs the attendee first.
            return;
        }
        // Only the ids are read from the event; the attendee's data comes from the directory.
        Attendee attendee = attendees.find(event.payload().attendeeId()).orElse(null);
        if (attendee == null || attendee.erased()) {
            return;
        }
        List<Lead> affected = mongo.find(Query.query(Criteria.where("attendeeId").is(attendee.id())), Lead.class, COLLECTION);
        for (Lead lead : affected) {
            change(lead.id(), this::withAttendeeNow, LeadCapture::refreshed);
        }
        relays.wake(COLLECTION, affected.stream().map(Lead::id).toList());
    }

    /**
     * Brings the edition's leads in line with the organizer's new choice of visible fields: a
     * field taken away disappears from every lead (and the next event of each lead shows it).
     */
    @EventListener
    void onVisibility(AttendeeVisibilityChanged change) {
        Query ofEdition = Query.query(Criteria.where("editionId").is(change.editionId()));
        ofEdition.fields().include("_id");
        List<String> leadIds = new ArrayList<>();
        try (Stream<Document> leads = mongo.stream(ofEdition, Document.class, COLLECTION)) {
            leads.forEach(lead -> leadIds.add(lead.getString("_id")));
        }
        for (String leadId : leadIds) {
            change(leadId, this::withAttendeeNow, EventTypes.LEAD_UPDATED);
        }
        relays.wake(COLLECTION, leadIds);
    }

    /**
     * The lead showing its attendee as the directory holds them now, read after the lead: a consent
     * withdrawal writes the attendee before it scrubs the leads, so a withdrawal that reached this
     * lead is in the attendee read here, and one that did not yet will scrub the lead written here
     * (or make this write lose its revision and be done again). An attendee read before the lead (as
     * once, once per refresh) could bring back the contact a withdrawal had just removed.
     */
    private Lead withAttendeeNow(Lead stored) {
        Attendee attendee = attendees.find(stored.attendeeId()).orElse(null);
        return attendee == null || attendee.erased() ? stored
                : stored.withAttendee(attendees.visibleTo(attendee, stored.exhibitorId()), clock.instant());
    }

    /**
     * The event of a refresh: a refresh that takes the visitor's contact off the lead (withdrawn
     * from its exhibitor, or no longer shared) is published as a withdrawal, so that the copies
     * made of the lead downstream (alerts waiting, deliveries, the CRMs) lose it too.
     */
    private static String refreshed(Lead stored, Lead changed) {
        return stored.holdsContact() && !changed.holdsContact() ? EventTypes.LEAD_CONTACT_WITHDRAWN : EventTypes.LEAD_UPDATED;
    }

    /**
     * Applies one scan on its own, retried on the latest state: the path of a lead another writer changed meanwhile.
     *
     * @return the lead holding the scan, as written or as found; empty when its visitor was erased
     */
    Optional<Lead> capture(ScanAccepted scan) {
        Attendee attendee = attendees.find(scan.attendeeId())
                .orElseThrow(() -> new RejectedEventException("scan " + scan.scanId() + " names unknown attendee " + scan.attendeeId()));
        if (attendee.erased()) {
            return Optional.empty();
        }
        String leadId = Lead.idOf(scan.exhibitorId(), scan.attendeeId());
        while (true) {
            Lead stored = find(leadId).orElse(null);
            Lead lead = withScan(stored, scan, attendee);
            if (lead == stored) {
                return Optional.of(stored);
            }
            if (stored == null) {
                Lead first = withRevision(lead, 1);
                try {
                    mongo.insert(first.withEvent(event(first, EventTypes.LEAD_CAPTURED)), COLLECTION);
                    return Optional.of(first);
                } catch (DuplicateKeyException concurrentFirstScan) {
                    continue;
                }
            }
            Lead next = withRevision(lead, stored.revision() + 1);
            if (OutboxWrites.updateIfUnchanged(mongo, COLLECTION, leadId, stored.revision(), next,
                    List.of(event(next, EventTypes.LEAD_UPDATED)))) {
                return Optional.of(next);
            }
        }
    }

    /**
     * Applies one author's qualification to the lead, on top of whatever others changed meanwhile.
     *
     * @return the lead as stored afterwards
     */
    public Lead qualify(String leadId, Qualification change) {
        Lead result = change(leadId, stored -> {
            if (stored.erased()) {
                throw new ApiException(HttpStatus.GONE, "Visitor erased",
                        "This lead's visitor was erased at their request: it can no longer be qualified")
                        .withProperty("reason", "ATTENDEE_ERASED");
            }
            return stored.qualified(change);
        }, EventTypes.LEAD_QUALIFIED);
        relays.wake(COLLECTION, List.of(leadId));
        return result;
    }

    private interface Change {
        Lead apply(Lead stored);
    }

    /** The type of the event a change of the lead is published with. */
    private interface EventType {
        String of(Lead stored, Lead changed);
    }

    private Lead change(String leadId, Change change, String eventType) {
        return change(leadId, change, (stored, changed) -> eventType);
    }

    private Lead change(String leadId, Change change, EventType eventType) {
        while (true) {
            Lead stored = find(leadId).orElseThrow(() -> new IllegalStateException("lead " + leadId + " vanished"));
            if (stored.erased()) {
                // Nothing of an erased visitor is changed or sealed again; the erasure's event stands.
                change.apply(stored);
                return stored;
            }
            Lead changed = change.apply(stored);
            if (changed == stored) {
                return stored;
            }
            if (OutboxWrites.updateIfUnchanged(mongo, COLLECTION, leadId, stored.revision(), changed,
                    List.of(event(changed, eventType.of(stored, changed))))) {
                return changed;
            }
        }
    }

    /**
     * The lead as a scan's answer shows it (without its scans and pending events), read together
     * with the leads concurrent scans look up.
     */
    public Optional<Lead> findForReceipt(String leadId) {
        return Optional.ofNullable(receiptReads.submit(leadId));
    }

    private List<Lead> readForReceipts(List<String> leadIds) {
        Query query = Query.query(Criteria.where("_id").in(leadIds));
        query.fields().exclude("scans").exclude("outbox");
        Map<String, Lead> found = new HashMap<>();
        mongo.find(query, Lead.class, COLLECTION).forEach(lead -> found.put(lead.id(), lead));
        return leadIds.stream().map(found::get).toList();
    }

    @PreDestroy
    void stop() {
        receiptReads.stop();
    }

    /** Every lead of the visitor, one per exhibitor that scanned them. */
    public List<Lead> leadsOf(String attendeeId) {
        return mongo.find(Query.query(Criteria.where("attendeeId").is(attendeeId)), Lead.class, COLLECTION);
    }

    public Optional<Lead> find(String leadId) {
        return Optional.ofNullable(mongo.findById(leadId, Lead.class, COLLECTION));
    }

    private static Qualification boothQualification(ScanAccepted scan, ScanRecord record) {
        return new Qualification(record.scanner() == null ? "booth" : record.scanner(), scan.receivedAt(),
                scan.rating() != null, scan.rating(), scan.formVersion(), new HashMap<>(scan.answers()), null,
                new LinkedHashSet<>(scan.tags()), null, null, scan.note() != null && !scan.note().isBlank(), scan.note());
    }

    private static Lead withRevision(Lead lead, long revision) {
        return new Lead(lead.id(), lead.exhibitorId(), lead.editionId(), lead.attendeeId(), lead.attendee(),
                lead.searchText(), lead.scans(), lead.scanCount(), lead.firstScanAt(), lead.lastScanAt(),
                lead.lastScannedBy(), lead.scannedBy(), lead.rating(), lead.formVersion(), lead.answers(),
                lead.tags(), lead.followUp(), lead.notes(), lead.flags(), lead.updatedAt(), revision, lead.outbox(), lead.erasedAt());
    }

    /** The lead's event: what its exhibitor may see now, the visitor's part sealed under their key. */
    private OutboxEntry event(Lead lead, String type) {
        UUID eventId = Contract.deterministicId(Topics.LEADS, lead.id(), Long.toString(lead.revision()));
        return events.entry(Topics.LEADS, lead.exhibitorId(),
                EventEnvelope.of(eventId, type, clock.instant(), lead.editionId(), lead.id(),
                        seal.seal(lead.viewShowing(attendees.visibleNow(lead.attendee())))));
    }

    /**
     * Scrubs every lead of an erased visitor, each with a {@code LeadErased} event holding nothing
     * personal and nothing sealed. Idempotent: a lead scrubbed already is left alone.
     *
     * @return the visitor's leads (scrubbed now or before)
     */
    public List<Lead> eraseVisitor(String attendeeId, Instant at) {
        List<Lead> leads = mongo.find(Query.query(Criteria.where("attendeeId").is(attendeeId)), Lead.class, COLLECTION);
        List<Lead> scrubbed = new ArrayList<>();
        for (Lead found : leads) {
            scrubbed.add(erase(found.id(), at));
        }
        relays.wake(COLLECTION, scrubbed.stream().map(Lead::id).toList());
        return scrubbed;
    }

    /** Scrubs one lead of an erased visitor with its {@code LeadErased}; the lead as it is when scrubbed already. */
    private Lead erase(String leadId, Instant at) {
        while (true) {
            Lead stored = find(leadId).orElseThrow();
            Lead erased = stored.scrubbed(at);
            if (erased == stored) {
                return stored;
            }
            UUID eventId = Contract.deterministicId(Topics.LEADS, erased.id(), Long.toString(erased.revision()));
            OutboxEntry event = events.entry(Topics.LEADS, erased.exhibitorId(), EventEnvelope.of(eventId,
                    EventTypes.LEAD_ERASED, at, erased.editionId(), erased.id(), erased.view()));
            if (OutboxWrites.updateIfUnchanged(mongo, COLLECTION, erased.id(), stored.revision(), erased, List.of(event))) {
                return erased;
            }
        }
    }

    /**
     * Removes the visitor's email and phone from their leads with this exhibitor (null: every
     * exhibitor), each with a {@code LeadContactWithdrawn} event (sealed, without them).
     *
     * @return the leads concerned
     */
    public List<Lead> withdrawContact(String attendeeId, String exhibitorId) {
        Criteria criteria = Criteria.where("attendeeId").is(attendeeId);
        if (exhibitorId != null) {
            criteria = criteria.and("exhibitorId").is(exhibitorId);
        }
        List<Lead> leads = mongo.find(Query.query(criteria), Lead.class, COLLECTION);
        List<Lead> changed = new ArrayList<>();
        for (Lead lead : leads) {
            changed.add(withoutContact(lead.id()));
        }
        relays.wake(COLLECTION, changed.stream().map(Lead::id).toList());
        return changed;
    }

    /** The lead without the visitor's email and phone, with a {@code LeadContactWithdrawn} event when it held them. */
    private Lead withoutContact(String leadId) {
        return change(leadId, stored -> stored.withoutContact(clock.instant()), EventTypes.LEAD_CONTACT_WITHDRAWN);
    }
}
