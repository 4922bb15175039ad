package io.expoleads.lead.attendee;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.mongodb.ErrorCategory;
import com.mongodb.bulk.BulkWriteError;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.expoleads.events.AttendeeView;
import io.expoleads.events.Contract;
import io.expoleads.events.EventEnvelope;
import io.expoleads.events.EventTypes;
import io.expoleads.events.Topics;
import io.expoleads.platform.outbox.EventWriter;
import io.expoleads.platform.outbox.OutboxEntry;
import io.expoleads.platform.outbox.OutboxRelays;
import io.expoleads.platform.outbox.OutboxWrites;
import io.expoleads.platform.privacy.PersonalSeal;
import io.expoleads.platform.privacy.VisitorKeys;
import io.expoleads.platform.web.ApiException;
import org.bson.Document;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.BulkOperationException;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * The badge directory of each edition. Imports are idempotent by registration id: a row seen
 * before changes nothing unless its details changed, and every change is published on
 * {@code expo.attendees.v1} from the attendee's outbox. Exhibitors see attendees only through
 * {@link #visibleToExhibitors(Attendee)}.
 *
 * <p>An import is written in chunks of {@value #CHUNK} rows: one read of the chunk's attendees
 * already stored, one unordered bulk insert of the new ones, and a revision-guarded update for each
 * changed one. A row that another import wrote in between (a duplicate key, or a revision that
 * moved) is stored again on its own, from what is stored then.
 */
@Service
public class AttendeeDirectory {

    static final String COLLECTION = "attendees";
    static final int CHUNK = 500;
    private static final String OUTBOX = "outbox";

    private final MongoTemplate mongo;
    private final EventWriter events;
    private final OutboxRelays relays;
    private final AttendeeVisibilities visibilities;
    private final PersonalSeal seal;
    private final VisitorKeys keys;
    private final Clock clock;
    /** How old an attendee read by {@link #findRecent} may be. */
    static final Duration RECENT = Duration.ofSeconds(10);
    private final Cache<String, Attendee> recent = Caffeine.newBuilder().expireAfterWrite(RECENT).maximumSize(200_000).build();

    AttendeeDirectory(MongoTemplate mongo, EventWriter events, OutboxRelays relays, AttendeeVisibilities visibilities,
                      PersonalSeal seal, VisitorKeys keys, Clock clock) {
        this.clock = clock;
        this.mongo = mongo;
        this.seal = seal;
        this.keys = keys;
        this.events = events;
        this.relays = relays;
        this.visibilities = visibilities;
        // The revision-guarded updates ask for {_id, revision}. MongoDB answers that from the _id index
        // alone; mongo-java-server, the store of local runs and tests, uses an index only for a query on
        // exactly its keys, and would scan the whole collection for each update without this one.
        mongo.indexOps(COLLECTION).createIndex(new Index().on("_id", Sort.Direction.ASC).on("revision", Sort.Direction.ASC)
                .unique().named("revision_guard"));
        mongo.indexOps(COLLECTION).createIndex(new Index().on("editionId", Sort.Direction.ASC)
                .on("registrationId", Sort.Direction.ASC).named("edition_registration"));
        mongo.indexOps(COLLECTION).createIndex(new Index().on("editionId", Sort.Direction.ASC)
                .on("searchKeys", Sort.Direction.ASC).named("edition_search_keys"));
    }

    /** The least a directory search asks for, once normalized: fewer letters would list half the hall. */
    public static final int SEARCH_MIN = 3;
    /** The most a directory search asks for: longer is no name, company or registration number. */
    public static final int SEARCH_MAX = 100;
    /** The most visitors a directory search answers: enough to pick from, too few to copy the directory. */
    public static final int SEARCH_RESULTS = 10;

    /**
     * A booth's search of the edition's directory, for a visitor without a readable badge: the
     * registration number exactly, or a prefix of a first name, last name, full name or company,
     * case and accents aside, matched only in the fields the organizer lets exhibitors see. Erased
     * visitors are never found. At most {@value #SEARCH_RESULTS}, by last then first name.
     *
     * @param query already checked: {@value #SEARCH_MIN} to {@value #SEARCH_MAX} characters once normalized
     */
    public List<DirectoryMatch> search(String editionId, String exhibitorId, String query) {
        AttendeeVisibility visibility = visibilities.forEdition(editionId);
        String prefix = escapeRegex(SearchKeys.normalize(query));
        List<Criteria> matches = new ArrayList<>();
        matches.add(Criteria.where("registrationId").is(query.strip()));
        if (visibility.shows(AttendeeField.FIRST_NAME)) {
            matches.add(Criteria.where("searchKeys").regex("^" + SearchKeys.FIRST_NAME + prefix));
        }
        if (visibility.shows(AttendeeField.LAST_NAME)) {
            matches.add(Criteria.where("searchKeys").regex("^" + SearchKeys.LAST_NAME + prefix));
        }
        if (visibility.shows(AttendeeField.FIRST_NAME) && visibility.shows(AttendeeField.LAST_NAME)) {
            matches.add(Criteria.where("searchKeys").regex("^" + SearchKeys.FULL_NAME + prefix));
        }
        if (visibility.shows(AttendeeField.COMPANY)) {
            matches.add(Criteria.where("searchKeys").regex("^" + SearchKeys.COMPANY + prefix));
        }
        Query search = Query.query(Criteria.where("editionId").is(editionId).and("erased").ne(true)
                        .orOperator(matches.toArray(Criteria[]::new)))
                .with(Sort.by("lastName", "firstName", "_id")).limit(SEARCH_RESULTS);
        search.fields().exclude(OUTBOX);
        return mongo.find(search, Attendee.class, COLLECTION).stream().map(attendee -> {
            AttendeeView seen = visibility.apply(attendee, exhibitorId);
            return new DirectoryMatch(attendee.id(), seen.registrationId(), seen.firstName(), seen.lastName(), seen.company(),
                    seen.jobTitle(), seen.country());
        }).toList();
    }

    /** The text with MongoDB's regular-expression characters escaped one by one, so an anchored prefix still uses the index. */
    private static String escapeRegex(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if ("\\^$.|?*+()[]{}".indexOf(c) >= 0) {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }

    /** The attendee id for a registration: the same registration always gets the same id. */
    static String attendeeId(String editionId, String registrationId) {
        return Contract.deterministicId("attendee", editionId, registrationId).toString();
    }

    /** The attendee, without the events still waiting in its outbox. */
    public Optional<Attendee> find(String attendeeId) {
        Query byId = Query.query(Criteria.where("_id").is(attendeeId));
        byId.fields().exclude(OUTBOX);
        return Optional.ofNullable(mongo.findOne(byId, Attendee.class, COLLECTION));
    }

    /**
     * The attendee for an organizer's request about them: 404 when unknown, 410 with reason
     * {@code ATTENDEE_ERASED} when erased (their stub holds nothing to show).
     */
    public Attendee requireLiving(String attendeeId) {
        Attendee attendee = find(attendeeId).orElseThrow(() -> ApiException.notFound("Attendee", attendeeId));
        if (attendee.erased()) {
            throw erased(attendeeId);
        }
        return attendee;
    }

    /**
     * A registered attendee for an organizer's request about them ({@link #requireLiving}): a walk-in,
     * whose details were shared with one exhibitor only and who holds no badge, is not found here.
     */
    public Attendee requireRegistered(String attendeeId) {
        Attendee attendee = requireLiving(attendeeId);
        if (attendee.isWalkIn()) {
            throw ApiException.notFound("Attendee", attendeeId);
        }
        return attendee;
    }

    /**
     * Keeps the record of a visitor typed in at a booth ({@link WalkInVisitor#toAttendee}) before
     * their scan goes to Kafka, where lead capture reads it. Nothing goes to {@code expo.attendees.v1}:
     * their details are this exhibitor's only, and travel sealed on the exhibitor's lead. Idempotent
     * by id: a walk-in sent again (the same scan) finds the record the first send kept, erased or not.
     *
     * @return the record as stored
     */
    public Attendee keepWalkIn(Attendee walkIn) {
        if (!walkIn.isWalkIn()) {
            throw new IllegalArgumentException("attendee " + walkIn.id() + " is not a walk-in");
        }
        Optional<Attendee> stored = find(walkIn.id());
        if (stored.isPresent()) {
            return stored.get();
        }
        Attendee kept = walkIn.withRevision(1, null);
        try {
            mongo.insert(kept, COLLECTION);
        } catch (DuplicateKeyException concurrentSend) {
            kept = find(walkIn.id()).orElseThrow(() -> concurrentSend);
        }
        recent.invalidate(walkIn.id());
        return kept;
    }

    /** The answer about an erased visitor: 410 Gone, reason {@code ATTENDEE_ERASED}. */
    public static ApiException erased(String attendeeId) {
        return new ApiException(HttpStatus.GONE, "Visitor erased", "Attendee " + attendeeId
                + " was erased at their request; nothing of them is kept but this id").withProperty("reason", "ATTENDEE_ERASED");
    }

    /**
     * The attendee as known at most {@link #RECENT} ago: for the scan path, which looks up an
     * attendee per scan. An import through this instance shows at once, through another within that time.
     */
    public Optional<Attendee> findRecent(String attendeeId) {
        return Optional.ofNullable(recent.get(attendeeId, id -> find(id).orElse(null)));
    }

    /** {@link #findRecent} for many attendees, the ones not in memory read at once. */
    public Map<String, Attendee> findAllRecent(Collection<String> attendeeIds) {
        Map<String, Attendee> found = new HashMap<>(recent.getAllPresent(attendeeIds));
        List<String> missing = attendeeIds.stream().filter(id -> !found.containsKey(id)).toList();
        Map<String, Attendee> loaded = findAll(missing);
        recent.putAll(loaded);
        found.putAll(loaded);
        return found;
    }

    /**
     * Up to {@code count} of an edition's attendees in the order of their registration ids, after
     * {@code afterRegistrationId} (from the first when null), without their pending events.
     */
    List<Attendee> ofEdition(String editionId, String afterRegistrationId, int count) {
        // Walk-ins are not the organizer's registrations: their details were shared with one exhibitor only.
        Criteria criteria = Criteria.where("editionId").is(editionId).and("erased").ne(true).and("walkIn").is(null);
        if (afterRegistrationId != null) {
            criteria = criteria.and("registrationId").gt(afterRegistrationId);
        }
        Query query = Query.query(criteria).with(Sort.by("registrationId")).limit(count);
        query.fields().exclude(OUTBOX);
        return mongo.find(query, Attendee.class, COLLECTION);
    }

    /** Up to {@code count} ids of the edition's attendees not erased yet, in id order. */
    public List<String> livingIds(String editionId, int count) {
        Query query = Query.query(Criteria.where("editionId").is(editionId).and("erased").ne(true))
                .with(Sort.by("_id")).limit(count);
        query.fields().include("_id");
        return mongo.find(query, Document.class, COLLECTION).stream().map(document -> document.getString("_id")).toList();
    }

    /** The attendees of these ids that exist, by id, in one read, without their pending events. */
    public Map<String, Attendee> findAll(Collection<String> attendeeIds) {
        if (attendeeIds.isEmpty()) {
            return Map.of();
        }
        Query byIds = Query.query(Criteria.where("_id").in(attendeeIds));
        byIds.fields().exclude(OUTBOX);
        Map<String, Attendee> found = new HashMap<>();
        mongo.find(byIds, Attendee.class, COLLECTION).forEach(attendee -> found.put(attendee.id(), attendee));
        return found;
    }

    /**
     * The attendee as exhibitors may see them: the fields the organizer of their edition shows,
     * and of the contact fields only those the visitor also agreed to share. The setting is read
     * from memory, at most a few seconds old.
     */
    public AttendeeView visibleToExhibitors(Attendee attendee) {
        return visibilities.forEdition(attendee.editionId()).apply(attendee);
    }

    /**
     * The attendee as this exhibitor may see them: {@link #visibleToExhibitors(Attendee)}, and no
     * contact fields when the visitor withdrew sharing from it.
     */
    public AttendeeView visibleTo(Attendee attendee, String exhibitorId) {
        return visibilities.forEdition(attendee.editionId()).apply(attendee, exhibitorId);
    }

    /**
     * A view kept on a lead, narrowed to what the edition's exhibitors may see now: every answer
     * and event goes through this, so a field the organizer takes away is gone from them at once,
     * whether or not the leads were rewritten yet.
     */
    public AttendeeView visibleNow(AttendeeView kept) {
        return visibilities.forEdition(kept.editionId()).apply(kept);
    }

    /**
     * The attendee fields the edition's exhibitors may see now, by name ({@code firstName},
     * {@code email}, ...), in a fixed order; contact fields then show only for visitors who agreed.
     */
    public List<String> visibleFields(String editionId) {
        return visibilities.forEdition(editionId).fieldNames();
    }

    ImportReport importRegistrations(String editionId, List<Registration> registrations) {
        return importRegistrations(editionId, registrations, Map.of());
    }

    /**
     * Imports the rows, refusing those with problems: their own, those found while reading them
     * ({@code readProblems}, by row number), or a registration id an earlier row of the same upload has.
     * Row numbers start at 1. Should the store fail midway, the chunks written stay written: sending
     * the same rows again completes the import, as it changes nothing twice.
     */
    ImportReport importRegistrations(String editionId, List<Registration> registrations,
                                     Map<Integer, List<ImportReport.Rejection>> readProblems) {
        Checked checked = check(editionId, registrations, readProblems);
        List<ImportReport.Rejection> rejected = new ArrayList<>(checked.rejected());
        int rejectedRows = checked.rejectedRows();
        Tally tally = new Tally();
        List<ImportReport.Imported> imported = new ArrayList<>(checked.accepted().size());
        for (int from = 0; from < checked.accepted().size(); from += CHUNK) {
            List<Row> chunk = checked.accepted().subList(from, Math.min(from + CHUNK, checked.accepted().size()));
            Outcome[] outcomes = storeChunk(chunk);
            recent.invalidateAll(chunk.stream().map(row -> row.attendee().id()).toList());
            List<String> changed = new ArrayList<>();
            for (int index = 0; index < chunk.size(); index++) {
                Row row = chunk.get(index);
                if (outcomes[index] == Outcome.ERASED) {
                    // The same registration as an erased visitor's: never brought back silently.
                    rejected.add(new ImportReport.Rejection(row.number(), "registrationId", ERASED_REGISTRATION));
                    rejectedRows++;
                    continue;
                }
                tally.count(outcomes[index]);
                imported.add(new ImportReport.Imported(row.number(), row.attendee().registrationId(), row.attendee().id(),
                        outcomes[index].name()));
                if (outcomes[index] != Outcome.UNCHANGED) {
                    changed.add(row.attendee().id());
                }
            }
            relays.wake(COLLECTION, changed);
        }
        return new ImportReport(registrations.size(), tally.created, tally.updated, tally.unchanged,
                rejectedRows, imported, rejected);
    }

    /** A row that passed the checks, as the attendee it makes. */
    record Row(int number, Attendee attendee) {
    }

    /** The rows to store, and the problems of those refused. */
    record Checked(List<Row> accepted, List<ImportReport.Rejection> rejected, int rejectedRows) {
    }

    /** Checks every row before anything is stored. */
    static Checked check(String editionId, List<Registration> registrations,
                         Map<Integer, List<ImportReport.Rejection>> readProblems) {
        List<Row> accepted = new ArrayList<>();
        List<ImportReport.Rejection> rejected = new ArrayList<>();
        Map<String, Integer> firstRowOf = new HashMap<>();
        int rejectedRows = 0;
        for (int index = 0; index < registrations.size(); index++) {
            int number = index + 1;
            Registration registration = registrations.get(index);
            List<ImportReport.Rejection> problems = new ArrayList<>(readProblems.getOrDefault(number, List.of()));
            if (registration != null) {
                problems.addAll(registration.problems(number));
            } else if (problems.isEmpty()) {
                problems.add(new ImportReport.Rejection(number, "row", "is empty"));
            }
            if (problems.isEmpty()) {
                String registrationId = registration.registrationId().strip();
                Integer first = firstRowOf.putIfAbsent(registrationId, number);
                if (first != null) {
                    problems.add(new ImportReport.Rejection(number, "registrationId",
                            "appears twice in this upload: row " + first + " has it too"));
                }
            }
            if (problems.isEmpty()) {
                String registrationId = registration.registrationId().strip();
                accepted.add(new Row(number, registration.toAttendee(attendeeId(editionId, registrationId), editionId)));
            } else {
                rejected.addAll(problems);
                rejectedRows++;
            }
        }
        return new Checked(accepted, rejected, rejectedRows);
    }

    private enum Outcome { CREATED, UPDATED, UNCHANGED, ERASED }

    /** Why a row of an erased visitor's registration is refused (the report's reason: ERASED). */
    static final String ERASED_REGISTRATION = "ERASED: this registration's visitor was erased at their request;"
            + " import them under a new registration id if they register again";

    private static final class Tally {
        int created;
        int updated;
        int unchanged;

        void count(Outcome outcome) {
            switch (outcome) {
                case CREATED -> created++;
                case UPDATED -> updated++;
                case UNCHANGED -> unchanged++;
                case ERASED -> { }
            }
        }
    }

    /** Stores one chunk of rows with distinct ids, answering what became of each, in order. */
    private Outcome[] storeChunk(List<Row> chunk) {
        Query existing = Query.query(Criteria.where("_id").in(chunk.stream().map(row -> row.attendee().id()).toList()));
        existing.fields().exclude(OUTBOX);
        Map<String, Attendee> stored = new HashMap<>();
        mongo.find(existing, Attendee.class, COLLECTION).forEach(attendee -> stored.put(attendee.id(), attendee));

        // The keys of the visitors whose events this chunk writes, issued (or read) in two queries, not one per row.
        Map<String, String> needKeys = new HashMap<>();
        for (Row row : chunk) {
            Attendee before = stored.get(row.attendee().id());
            if (before == null || (!before.erased() && !before.sameDetails(row.attendee()))) {
                needKeys.put(row.attendee().id(), row.attendee().editionId());
            }
        }
        keys.issueAll(needKeys);
        Outcome[] outcomes = new Outcome[chunk.size()];
        List<Integer> newRows = new ArrayList<>();
        for (int index = 0; index < chunk.size(); index++) {
            Attendee incoming = chunk.get(index).attendee();
            Attendee before = stored.get(incoming.id());
            if (before == null) {
                newRows.add(index);
            } else if (before.erased()) {
                outcomes[index] = Outcome.ERASED;
            } else if (before.sameDetails(incoming)) {
                outcomes[index] = Outcome.UNCHANGED;
            } else {
                outcomes[index] = update(before, incoming) ? Outcome.UPDATED : store(incoming);
            }
        }
        if (!newRows.isEmpty()) {
            List<Attendee> inserts = newRows.stream().map(index -> registered(chunk.get(index).attendee())).toList();
            Set<Integer> taken = insertNew(inserts);
            for (int position = 0; position < newRows.size(); position++) {
                int index = newRows.get(position);
                outcomes[index] = taken.contains(position) ? store(chunk.get(index).attendee()) : Outcome.CREATED;
            }
        }
        return outcomes;
    }

    /**
     * Inserts new attendees in one unordered bulk write: each insert stands on its own.
     *
     * @return the positions whose id another import inserted first
     */
    private Set<Integer> insertNew(List<Attendee> attendees) {
        try {
            mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, Attendee.class, COLLECTION).insert(attendees).execute();
            return Set.of();
        } catch (BulkOperationException e) {
            Set<Integer> duplicates = new HashSet<>();
            for (BulkWriteError error : e.getErrors()) {
                if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
                duplicates.add(error.getIndex());
            }
            return duplicates;
        }
    }

    /** Stores one attendee from what is stored now, until no concurrent write comes in between. */
    private Outcome store(Attendee incoming) {
        while (true) {
            Attendee stored = find(incoming.id()).orElse(null);
            if (stored == null) {
                try {
                    mongo.insert(registered(incoming), COLLECTION);
                    return Outcome.CREATED;
                } catch (DuplicateKeyException concurrentInsert) {
                    continue;
                }
            }
            if (stored.erased()) {
                return Outcome.ERASED;
            }
            if (stored.sameDetails(incoming)) {
                return Outcome.UNCHANGED;
            }
            if (update(stored, incoming)) {
                return Outcome.UPDATED;
            }
        }
    }

    private Attendee registered(Attendee incoming) {
        return incoming.withRevision(1, event(incoming, 1, EventTypes.ATTENDEE_REGISTERED));
    }

    /** @return false when the attendee is no longer at the revision it was read at */
    private boolean update(Attendee stored, Attendee incoming) {
        long next = stored.revision() + 1;
        Attendee updated = stored.withDetailsOf(incoming);
        return OutboxWrites.updateIfUnchanged(mongo, COLLECTION, stored.id(), stored.revision(),
                updated.withRevision(next, null), List.of(event(updated, next, EventTypes.ATTENDEE_UPDATED)));
    }

    /**
     * The event of an attendee's new state: only what the edition's exhibitors may see (consent and
     * visible fields applied here, at the source), the personal fields sealed under the visitor's
     * key, which is issued with their first event.
     */
    private OutboxEntry event(Attendee attendee, long revision, String type) {
        UUID eventId = Contract.deterministicId(Topics.ATTENDEES, attendee.id(), Long.toString(revision));
        return events.entry(Topics.ATTENDEES, attendee.id(), EventEnvelope.of(eventId, type, clock.instant(),
                attendee.editionId(), attendee.id(), seal.seal(visibleToExhibitors(attendee))));
    }

    /** The organizer changed the visible fields: the edition's attendees are republished as they now show. */
    @EventListener
    void onVisibility(AttendeeVisibilityChanged change) {
        republishEdition(change.editionId());
    }

    /**
     * Republishes the edition's attendees as its exhibitors may see them now: after the organizer
     * narrowed the visible fields, the latest record of each on the compacted topic holds no more
     * than that.
     *
     * @return how many attendees were republished
     */
    int republishEdition(String editionId) {
        // Walk-ins never were on the topic; their leads are narrowed by the leads' own refresh.
        Query query = Query.query(Criteria.where("editionId").is(editionId).and("erased").ne(true).and("walkIn").is(null));
        query.fields().include("_id");
        List<String> ids = mongo.find(query, Document.class, COLLECTION).stream().map(document -> document.getString("_id")).toList();
        for (String id : ids) {
            change(id, stored -> stored.withRevision(stored.revision() + 1, null), EventTypes.ATTENDEE_UPDATED);
        }
        relays.wake(COLLECTION, ids);
        return ids.size();
    }

    /**
     * Withdraws the visitor's contact sharing from one exhibitor, or from all ({@link Attendee#EVERY_EXHIBITOR}).
     * Withdrawn from all, the attendee's event on {@code expo.attendees.v1} loses the contact fields too.
     *
     * @return the attendee as stored afterwards
     */
    public Attendee withdrawContact(String attendeeId, String exhibitorId) {
        Attendee after = change(attendeeId, stored -> stored.withdrawnFrom(exhibitorId),
                Attendee.EVERY_EXHIBITOR.equals(exhibitorId) ? EventTypes.ATTENDEE_UPDATED : null);
        recent.invalidate(attendeeId);
        relays.wake(COLLECTION, List.of(attendeeId));
        return after;
    }

    /**
     * Replaces the attendee by a pseudonymous stub, with {@code AttendeeErased} (ids only) and then
     * tombstones for the visitor on {@code expo.attendees.v1} and {@code expo.visitor-keys.v1} in its
     * outbox, so both compacted topics forget them (a walk-in, never on the first, gets the key's
     * tombstone only). Idempotent: an erased attendee stays as it is.
     *
     * @return the stub, or empty when no such attendee exists
     */
    public Optional<Attendee> erase(String attendeeId, Instant at) {
        while (true) {
            Optional<Attendee> found = find(attendeeId);
            if (found.isEmpty() || found.get().erased()) {
                recent.invalidate(attendeeId);
                return found;
            }
            Attendee stored = found.get();
            Attendee stub = stored.erasedStub(at);
            UUID erasedId = Contract.deterministicId(Topics.ATTENDEES, attendeeId, "erased");
            OutboxEntry erased = events.entry(Topics.ATTENDEES, attendeeId, EventEnvelope.of(erasedId, EventTypes.ATTENDEE_ERASED,
                    at, stored.editionId(), attendeeId, new AttendeeView(attendeeId, stored.editionId(), null, null, null,
                            null, null, null, null, null, false)));
            OutboxEntry attendeeTombstone = events.tombstone(Contract.deterministicId("tombstone", Topics.ATTENDEES, attendeeId)
                    .toString(), Topics.ATTENDEES, attendeeId);
            OutboxEntry keyTombstone = events.tombstone(Contract.deterministicId("tombstone", Topics.VISITOR_KEYS, attendeeId)
                    .toString(), Topics.VISITOR_KEYS, attendeeId);
            // A walk-in never was on expo.attendees.v1: only their key is forgotten on its topic.
            List<OutboxEntry> forget = stored.isWalkIn() ? List.of(keyTombstone) : List.of(erased, attendeeTombstone, keyTombstone);
            if (OutboxWrites.updateIfUnchanged(mongo, COLLECTION, attendeeId, stored.revision(), stub, forget)) {
                recent.invalidate(attendeeId);
                relays.wake(COLLECTION, List.of(attendeeId));
                return Optional.of(stub);
            }
        }
    }

    private interface Change {
        Attendee apply(Attendee stored);
    }

    /** Applies a change to the latest state, with its event when {@code eventType} is set; retried on a concurrent write. */
    private Attendee change(String attendeeId, Change change, String eventType) {
        while (true) {
            Attendee stored = find(attendeeId).orElseThrow(() -> new IllegalStateException("attendee " + attendeeId + " vanished"));
            if (stored.erased()) {
                return stored;
            }
            Attendee changed = change.apply(stored);
            if (changed == stored) {
                return stored;
            }
            // A walk-in's details never go to expo.attendees.v1, whatever changes.
            List<OutboxEntry> newEvents = eventType == null || changed.isWalkIn() ? List.of()
                    : List.of(event(changed, changed.revision(), eventType));
            if (OutboxWrites.updateIfUnchanged(mongo, COLLECTION, attendeeId, stored.revision(), changed, newEvents)) {
                return changed;
            }
        }
    }
}
