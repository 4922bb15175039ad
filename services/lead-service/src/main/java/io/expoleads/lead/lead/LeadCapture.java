package io.expoleads.lead.lead;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.expoleads.events.EventEnvelope;
import io.expoleads.events.EventTypes;
import io.expoleads.events.ScanAccepted;
import io.expoleads.events.Topics;
import io.expoleads.lead.attendee.Attendee;
import io.expoleads.lead.attendee.AttendeeDirectory;
import io.expoleads.platform.kafka.RejectedEventException;
import io.expoleads.platform.kafka.UnreadableRecords;
import io.expoleads.platform.privacy.PersonalSeal;
import io.expoleads.platform.tracing.ConsumerSpans;
import io.expoleads.platform.web.StoreUnavailable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Service;

/**
 * Turns accepted scans into leads. Each scan is applied at most once (its id is kept in the lead,
 * see {@link Lead#captured}); the lead and its {@code LeadCaptured} or {@code LeadUpdated} event are
 * written in one single-document write guarded by the lead's revision, so replaying
 * {@code expo.scans.v1} from the beginning changes nothing and a lead another writer changed
 * meanwhile gets the scan on top of its latest state. What a scan does to a lead is the model's;
 * this reads the scans from Kafka, the leads from the store, and writes them back.
 */
@Service
public class LeadCapture {

    /** The listener container that consumes {@code expo.scans.v1}, for operations that pause or replay it. */
    public static final String LISTENER_ID = "lead-capture";

    private final LeadStore store;
    private final LeadEvents events;
    private final LeadPrivacy privacy;
    private final AttendeeDirectory attendees;
    private final PersonalSeal seal;
    private final Clock clock;
    private final LeadMeters meters;
    private final ConsumerSpans consumerSpans;

    LeadCapture(LeadStore store, LeadEvents events, LeadPrivacy privacy, AttendeeDirectory attendees, PersonalSeal seal,
                Clock clock, LeadMeters meters, ObjectProvider<ConsumerSpans> consumerSpans) {
        this.store = store;
        this.events = events;
        this.privacy = privacy;
        this.attendees = attendees;
        this.seal = seal;
        this.clock = clock;
        this.meters = meters;
        this.consumerSpans = consumerSpans.getIfAvailable(() -> ConsumerSpans.NONE);
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
            privacy.honourRequestsMadeDuringCapture(apply(capturable, known, spans));
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
                    privacy.honourRequestsMadeDuringCapture(captured);
                    throw new BatchListenerFailedException("scan " + scans.get(index).scanId() + " could not be captured",
                            atFault, positions.get(index));
                }
            }
            privacy.honourRequestsMadeDuringCapture(captured);
        }
    }

    /**
     * Writes the scans' leads: the stored ones read in one query, new leads inserted in one bulk
     * write and changed ones updated in another; a lead another writer made or changed meanwhile
     * gets its scans again one by one.
     *
     * @return each lead the scans are in, as written or, when they held these scans already, as read
     */
    private List<Lead> apply(List<ScanAccepted> scans, Map<String, Attendee> known, ConsumerSpans.Poll spans) {
        if (scans.isEmpty()) {
            return List.of();
        }
        Map<String, List<ScanAccepted>> byLead = new LinkedHashMap<>();
        scans.forEach(scan -> byLead.computeIfAbsent(Lead.idOf(scan.exhibitorId(), scan.attendeeId()), id -> new ArrayList<>()).add(scan));
        Map<String, Lead> stored = store.findAll(byLead.keySet());
        List<Lead> inserts = new ArrayList<>();
        List<LeadStore.Update> updates = new ArrayList<>();
        Map<String, Lead> current = new LinkedHashMap<>();
        byLead.forEach((leadId, leadScans) -> {
            Lead before = stored.get(leadId);
            ScanAccepted last = leadScans.get(leadScans.size() - 1);
            Lead lead = Lead.captured(before, leadScans, attendees.visibleTo(known.get(last.attendeeId()), last.exhibitorId()));
            current.put(leadId, lead);
            // Redelivered after its leads were written (the store gone before the withdrawals were
            // checked), a poll changes nothing: its leads are checked all the same.
            if (lead == before) {
                return;
            }
            Lead written = lead.writtenAfter(before);
            // Each lead's event in the trace of the last of its scans in this poll.
            if (before == null) {
                inserts.add(written.withEvent(spans.within(last.scanId(), () -> events.of(written, EventTypes.LEAD_CAPTURED))));
            } else {
                updates.add(new LeadStore.Update(before.revision(), written,
                        spans.within(last.scanId(), () -> events.of(written, EventTypes.LEAD_UPDATED))));
            }
        });
        List<String> retry = new ArrayList<>();
        if (!inserts.isEmpty() && !store.insertAll(inserts)) {
            // A lead made meanwhile by another writer: those are applied one by one below.
            inserts.forEach(lead -> retry.add(lead.id()));
        }
        if (!updates.isEmpty() && !store.updateAll(updates)) {
            // Some lead changed since it was read (a qualification, say): those are applied again one by one.
            updates.forEach(update -> retry.add(update.changed().id()));
        }
        for (String leadId : retry) {
            for (ScanAccepted scan : byLead.get(leadId)) {
                spans.within(scan.scanId(), () -> capture(scan)).ifPresent(lead -> current.put(leadId, lead));
            }
        }
        store.relay(byLead.keySet());
        return new ArrayList<>(current.values());
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
            Lead stored = store.find(leadId).orElse(null);
            Lead lead = Lead.captured(stored, List.of(scan), attendees.visibleTo(attendee, scan.exhibitorId()));
            if (lead == stored) {
                return Optional.of(stored);
            }
            Lead written = lead.writtenAfter(stored);
            if (stored == null ? store.insert(written, events.of(written, EventTypes.LEAD_CAPTURED))
                    : store.update(stored.revision(), written, events.of(written, EventTypes.LEAD_UPDATED))) {
                return Optional.of(written);
            }
        }
    }
}
