package io.expoleads.lead.lead;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
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
import io.expoleads.platform.outbox.EventWriter;
import io.expoleads.platform.outbox.OutboxEntry;
import io.expoleads.platform.outbox.OutboxRelays;
import io.expoleads.platform.outbox.OutboxWrites;
import org.bson.Document;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.kafka.annotation.KafkaListener;
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

    private final MongoTemplate mongo;
    private final AttendeeDirectory attendees;
    private final EventWriter events;
    private final OutboxRelays relays;
    private final Clock clock = Clock.systemUTC();

    LeadCapture(MongoTemplate mongo, AttendeeDirectory attendees, EventWriter events, OutboxRelays relays) {
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

    @KafkaListener(id = LISTENER_ID, idIsGroup = false, topics = Topics.SCANS, groupId = "${expo.kafka.consumer-group:${spring.application.name}}-leads")
    void on(EventEnvelope<ScanAccepted> event) {
        capture(event.payload());
        relays.wake();
    }

    /** Refreshes the attendee data shown on the attendee's leads when the directory changes them. */
    @KafkaListener(topics = Topics.ATTENDEES, groupId = "${expo.kafka.consumer-group:${spring.application.name}}-lead-attendees")
    void onAttendee(EventEnvelope<AttendeeView> event) {
        if (!EventTypes.ATTENDEE_UPDATED.equals(event.type())) {
            // A newly registered attendee has no lead yet: a scan needs the attendee first.
            return;
        }
        Attendee attendee = attendees.find(event.payload().attendeeId()).orElse(null);
        if (attendee == null) {
            return;
        }
        AttendeeView visible = attendees.visibleToExhibitors(attendee);
        List<Lead> affected = mongo.find(Query.query(Criteria.where("attendeeId").is(attendee.id())), Lead.class, COLLECTION);
        for (Lead lead : affected) {
            change(lead.id(), stored -> stored.withAttendee(visible, clock.instant()), EventTypes.LEAD_UPDATED);
        }
        relays.wake();
    }

    /**
     * Brings the edition's leads in line with the organizer's new choice of visible fields: a
     * field taken away disappears from every lead (and the next event of each lead shows it).
     */
    @EventListener
    void onVisibility(AttendeeVisibilityChanged change) {
        Query ofEdition = Query.query(Criteria.where("editionId").is(change.editionId()));
        ofEdition.fields().include("attendeeId");
        List<String> leadIds = new ArrayList<>();
        Set<String> attendeeIds = new HashSet<>();
        try (Stream<Document> leads = mongo.stream(ofEdition, Document.class, COLLECTION)) {
            leads.forEach(lead -> {
                leadIds.add(lead.getString("_id"));
                attendeeIds.add(lead.getString("attendeeId"));
            });
        }
        Map<String, Attendee> known = attendees.findAll(attendeeIds);
        for (String leadId : leadIds) {
            change(leadId, stored -> {
                Attendee attendee = known.get(stored.attendeeId());
                return attendee == null ? stored : stored.withAttendee(attendees.visibleToExhibitors(attendee), clock.instant());
            }, EventTypes.LEAD_UPDATED);
        }
        relays.wake();
    }

    void capture(ScanAccepted scan) {
        Attendee attendee = attendees.find(scan.attendeeId())
                .orElseThrow(() -> new RejectedEventException("scan " + scan.scanId() + " names unknown attendee " + scan.attendeeId()));
        ScanRecord record = new ScanRecord(scan.scanId(), scan.staffId(), scan.deviceId(), scan.scannedAt(), scan.receivedAt(),
                scan.flags());
        Qualification atTheBooth = scan.qualifies() ? boothQualification(scan, record) : null;
        String leadId = Lead.idOf(scan.exhibitorId(), scan.attendeeId());
        while (true) {
            Lead stored = find(leadId).orElse(null);
            if (stored == null) {
                Lead lead = Lead.firstScan(scan.exhibitorId(), scan.editionId(), attendees.visibleToExhibitors(attendee), record);
                if (atTheBooth != null) {
                    lead = withRevision(lead.qualified(atTheBooth), 1);
                }
                try {
                    mongo.insert(lead.withEvent(event(lead, EventTypes.LEAD_CAPTURED)), COLLECTION);
                    return;
                } catch (DuplicateKeyException concurrentFirstScan) {
                    continue;
                }
            }
            if (stored.hasScan(scan.scanId())) {
                return;
            }
            Lead lead = stored.scannedAgain(record);
            if (atTheBooth != null) {
                Lead qualified = lead.qualified(atTheBooth);
                lead = qualified == lead ? lead : withRevision(qualified, stored.revision() + 1);
            }
            if (OutboxWrites.updateIfUnchanged(mongo, COLLECTION, leadId, stored.revision(), lead,
                    List.of(event(lead, EventTypes.LEAD_UPDATED)))) {
                return;
            }
        }
    }

    /**
     * Applies one author's qualification to the lead, on top of whatever others changed meanwhile.
     *
     * @return the lead as stored afterwards
     */
    public Lead qualify(String leadId, Qualification change) {
        Lead result = change(leadId, stored -> stored.qualified(change), EventTypes.LEAD_QUALIFIED);
        relays.wake();
        return result;
    }

    private interface Change {
        Lead apply(Lead stored);
    }

    private Lead change(String leadId, Change change, String eventType) {
        while (true) {
            Lead stored = find(leadId).orElseThrow(() -> new IllegalStateException("lead " + leadId + " vanished"));
            Lead changed = change.apply(stored);
            if (changed == stored) {
                return stored;
            }
            if (OutboxWrites.updateIfUnchanged(mongo, COLLECTION, leadId, stored.revision(), changed,
                    List.of(event(changed, eventType)))) {
                return changed;
            }
        }
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
                lead.tags(), lead.followUp(), lead.notes(), lead.flags(), lead.updatedAt(), revision, lead.outbox());
    }

    private OutboxEntry event(Lead lead, String type) {
        UUID eventId = Contract.deterministicId(Topics.LEADS, lead.id(), Long.toString(lead.revision()));
        return events.entry(Topics.LEADS, lead.exhibitorId(),
                EventEnvelope.of(eventId, type, clock.instant(), lead.editionId(), lead.id(),
                        lead.viewShowing(attendees.visibleNow(lead.attendee()))));
    }
}
