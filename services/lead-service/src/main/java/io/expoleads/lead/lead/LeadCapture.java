package io.expoleads.lead.lead;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.expoleads.events.Contract;
import io.expoleads.events.EventEnvelope;
import io.expoleads.events.EventTypes;
import io.expoleads.events.ScanAccepted;
import io.expoleads.events.Topics;
import io.expoleads.lead.attendee.Attendee;
import io.expoleads.lead.attendee.AttendeeDirectory;
import io.expoleads.platform.kafka.RejectedEventException;
import io.expoleads.platform.outbox.EventWriter;
import io.expoleads.platform.outbox.OutboxEntry;
import io.expoleads.platform.outbox.OutboxRelays;
import io.expoleads.platform.outbox.OutboxWrites;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Service;

/**
 * Turns accepted scans into leads. Each scan is applied at most once (its id is kept in the lead),
 * the lead and its {@code LeadCaptured} or {@code LeadUpdated} event are written in one document
 * update, so replaying {@code expo.scans.v1} from the beginning changes nothing.
 */
@Service
public class LeadCapture {

    static final String COLLECTION = "leads";

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
        mongo.indexOps(COLLECTION).createIndex(new Index().on("exhibitorId", Sort.Direction.ASC).on("scans.scanId", Sort.Direction.ASC));
    }

    @KafkaListener(topics = Topics.SCANS, groupId = "${expo.kafka.consumer-group:${spring.application.name}}-leads")
    void on(EventEnvelope<ScanAccepted> event) {
        capture(event.payload());
        relays.wake();
    }

    void capture(ScanAccepted scan) {
        Attendee attendee = attendees.find(scan.attendeeId())
                .orElseThrow(() -> new RejectedEventException("scan " + scan.scanId() + " names unknown attendee " + scan.attendeeId()));
        ScanRecord record = new ScanRecord(scan.scanId(), scan.staffId(), scan.deviceId(), scan.scannedAt(), scan.receivedAt());
        String leadId = Lead.idOf(scan.exhibitorId(), scan.attendeeId());
        while (true) {
            Lead stored = find(leadId).orElse(null);
            if (stored == null) {
                Lead lead = Lead.firstScan(scan.exhibitorId(), scan.editionId(), attendees.visibleToExhibitors(attendee), record);
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
            if (OutboxWrites.updateIfUnchanged(mongo, COLLECTION, leadId, stored.revision(), lead,
                    List.of(event(lead, EventTypes.LEAD_UPDATED)))) {
                return;
            }
        }
    }

    public Optional<Lead> find(String leadId) {
        return Optional.ofNullable(mongo.findById(leadId, Lead.class, COLLECTION));
    }

    /** The exhibitor's lead that already holds this scan, if any. */
    public Optional<Lead> findByScan(String exhibitorId, String scanId) {
        return Optional.ofNullable(mongo.findOne(Query.query(Criteria.where("exhibitorId").is(exhibitorId)
                .and("scans.scanId").is(scanId)), Lead.class, COLLECTION));
    }

    private OutboxEntry event(Lead lead, String type) {
        UUID eventId = Contract.deterministicId(Topics.LEADS, lead.id(), Long.toString(lead.revision()));
        return events.entry(Topics.LEADS, lead.exhibitorId(),
                EventEnvelope.of(eventId, type, clock.instant(), lead.editionId(), lead.id(), lead.view()));
    }
}
