package io.expoleads.lead.attendee;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.expoleads.events.Contract;
import io.expoleads.events.EventEnvelope;
import io.expoleads.events.EventTypes;
import io.expoleads.events.Topics;
import io.expoleads.platform.outbox.EventWriter;
import io.expoleads.platform.outbox.OutboxEntry;
import io.expoleads.platform.outbox.OutboxRelays;
import io.expoleads.platform.outbox.OutboxWrites;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

/**
 * The badge directory of each edition. Imports are idempotent by registration id: a row seen
 * before changes nothing unless its details changed, and every change is published on
 * {@code expo.attendees.v1} from the attendee's outbox.
 */
@Service
public class AttendeeDirectory {

    static final String COLLECTION = "attendees";

    private final MongoTemplate mongo;
    private final EventWriter events;
    private final OutboxRelays relays;
    private final Clock clock = Clock.systemUTC();

    AttendeeDirectory(MongoTemplate mongo, EventWriter events, OutboxRelays relays) {
        this.mongo = mongo;
        this.events = events;
        this.relays = relays;
    }

    /** The attendee id for a registration: the same registration always gets the same id. */
    static String attendeeId(String editionId, String registrationId) {
        return Contract.deterministicId("attendee", editionId, registrationId).toString();
    }

    public Optional<Attendee> find(String attendeeId) {
        return Optional.ofNullable(mongo.findById(attendeeId, Attendee.class, COLLECTION));
    }

    ImportReport importRegistrations(String editionId, List<Registration> registrations) {
        List<ImportReport.Rejection> rejected = new ArrayList<>();
        List<ImportReport.Imported> imported = new ArrayList<>();
        int created = 0;
        int updated = 0;
        int unchanged = 0;
        for (int index = 0; index < registrations.size(); index++) {
            Registration row = registrations.get(index);
            int rowNumber = index + 1;
            if (row == null) {
                rejected.add(new ImportReport.Rejection(rowNumber, "row", "is empty"));
                continue;
            }
            List<ImportReport.Rejection> problems = row.problems(rowNumber);
            if (!problems.isEmpty()) {
                rejected.addAll(problems);
                continue;
            }
            Attendee incoming = row.toAttendee(attendeeId(editionId, row.registrationId().strip()), editionId);
            switch (store(incoming)) {
                case CREATED -> created++;
                case UPDATED -> updated++;
                case UNCHANGED -> unchanged++;
            }
            imported.add(new ImportReport.Imported(rowNumber, incoming.registrationId(), incoming.id()));
        }
        if (created + updated > 0) {
            relays.wake();
        }
        return new ImportReport(registrations.size(), created, updated, unchanged, imported, rejected);
    }

    private enum Outcome { CREATED, UPDATED, UNCHANGED }

    private Outcome store(Attendee incoming) {
        while (true) {
            Attendee stored = find(incoming.id()).orElse(null);
            if (stored == null) {
                try {
                    mongo.insert(incoming.withRevision(1, event(incoming, 1, EventTypes.ATTENDEE_REGISTERED)), COLLECTION);
                    return Outcome.CREATED;
                } catch (DuplicateKeyException concurrentInsert) {
                    continue;
                }
            }
            if (stored.sameDetails(incoming)) {
                return Outcome.UNCHANGED;
            }
            long next = stored.revision() + 1;
            Attendee updated = incoming.withRevision(next, null);
            if (OutboxWrites.updateIfUnchanged(mongo, COLLECTION, stored.id(), stored.revision(), updated,
                    List.of(event(incoming, next, EventTypes.ATTENDEE_UPDATED)))) {
                return Outcome.UPDATED;
            }
        }
    }

    private OutboxEntry event(Attendee attendee, long revision, String type) {
        UUID eventId = Contract.deterministicId(Topics.ATTENDEES, attendee.id(), Long.toString(revision));
        return events.entry(Topics.ATTENDEES, attendee.id(),
                EventEnvelope.of(eventId, type, clock.instant(), attendee.editionId(), attendee.id(), attendee.view()));
    }
}
