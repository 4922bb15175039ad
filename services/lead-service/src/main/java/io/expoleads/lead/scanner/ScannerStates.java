package io.expoleads.lead.scanner;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.expoleads.lead.exhibitor.BoothExhibitor;
import io.expoleads.lead.exhibitor.BoothExhibitors;
import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * The last state each scanner reported, one document per exhibitor and phone ({@code scanner_states},
 * {@code _id: exhibitorId/phoneId}), each report one keyed upsert, so concurrent reports from
 * several instances never make two documents. A phone not heard of for {@code expo.scanners.forget-after}
 * (30 days by default, longer than any edition runs) is forgotten by a TTL index.
 */
@Component
class ScannerStates {

    static final String COLLECTION = "scanner_states";

    private final MongoTemplate mongo;
    private final BoothExhibitors exhibitors;
    private final Clock clock;
    private final Duration stuckAfter;
    private final Duration forgetAfter;

    ScannerStates(MongoTemplate mongo, BoothExhibitors exhibitors, Clock clock, ScannerProperties settings) {
        this.mongo = mongo;
        this.exhibitors = exhibitors;
        this.clock = clock;
        this.stuckAfter = settings.stuckAfter();
        this.forgetAfter = settings.forgetAfter();
        mongo.indexOps(COLLECTION).createIndex(new Index().on("purgeAt", Sort.Direction.ASC).expire(Duration.ZERO).named("purge"));
        mongo.indexOps(COLLECTION).createIndex(new Index().on("exhibitorId", Sort.Direction.ASC).named("exhibitor"));
        mongo.indexOps(COLLECTION).createIndex(new Index().on("editionId", Sort.Direction.ASC).on("unsent", Sort.Direction.DESC)
                .named("edition-unsent"));
    }

    /** Keeps the report as the phone's state: one upsert of the phone's one document. */
    ScannerState report(BoothExhibitor exhibitor, String phoneId, String kind, String scannerId, ScannerReport report) {
        // Kept to the millisecond, as the store keeps times, so the answer says what a read will.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Instant oldest = millis(report.oldestUnsentAt());
        Instant lastUpload = millis(report.lastUploadAt());
        Update update = new Update()
                .set("exhibitorId", exhibitor.id())
                .set("editionId", exhibitor.editionId())
                .set("phoneId", phoneId)
                .set("kind", kind)
                .set("scannerId", scannerId)
                .set("unsent", report.unsent())
                .set("oldestUnsentAt", date(oldest))
                .set("lastUploadAt", date(lastUpload))
                .set("appVersion", report.appVersion())
                .set("lastSeenAt", Date.from(now))
                .set("purgeAt", Date.from(now.plus(forgetAfter)));
        Query phone = Query.query(Criteria.where("_id").is(idOf(exhibitor.id(), phoneId)));
        try {
            mongo.upsert(phone, update, COLLECTION);
        } catch (DuplicateKeyException raced) {
            // Two first reports of the phone raced to insert its document: the other made it, this one updates it.
            mongo.upsert(phone, update, COLLECTION);
        }
        return new ScannerState(phoneId, kind, scannerId, exhibitor.nameOf(scannerId), now, report.unsent(),
                oldest, lastUpload, report.appVersion(), stuck(report.unsent(), oldest, now));
    }

    /** Every phone and device of the exhibitor, those with scans waiting longest first, then the last seen. */
    List<ScannerState> ofExhibitor(BoothExhibitor exhibitor) {
        Instant now = clock.instant();
        List<ScannerState> states = new ArrayList<>();
        for (Document stored : mongo.find(Query.query(Criteria.where("exhibitorId").is(exhibitor.id())), Document.class, COLLECTION)) {
            states.add(stateOf(stored, exhibitor, now));
        }
        states.sort(ORDER);
        return states;
    }

    /** The edition's exhibitors with scans waiting on a phone or device, those waiting longest first. */
    List<UnsentScans.Exhibitor> withUnsent(String editionId) {
        Instant now = clock.instant();
        Map<String, List<ScannerState>> byExhibitor = new LinkedHashMap<>();
        Query query = Query.query(Criteria.where("editionId").is(editionId).and("unsent").gt(0));
        for (Document stored : mongo.find(query, Document.class, COLLECTION)) {
            String exhibitorId = stored.getString("exhibitorId");
            BoothExhibitor exhibitor = exhibitors.find(exhibitorId).orElse(null);
            byExhibitor.computeIfAbsent(exhibitorId, id -> new ArrayList<>()).add(stateOf(stored, exhibitor, now));
        }
        List<UnsentScans.Exhibitor> listed = new ArrayList<>();
        byExhibitor.forEach((exhibitorId, states) -> {
            states.sort(ORDER);
            BoothExhibitor exhibitor = exhibitors.find(exhibitorId).orElse(null);
            listed.add(new UnsentScans.Exhibitor(exhibitorId, exhibitor == null ? null : exhibitor.companyName(),
                    exhibitor == null ? null : exhibitor.boothCode(), states.stream().mapToLong(ScannerState::unsent).sum(),
                    states.get(0).oldestUnsentAt(), states.stream().anyMatch(ScannerState::stuck), states));
        });
        listed.sort(Comparator.comparing(UnsentScans.Exhibitor::oldestUnsentAt, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(UnsentScans.Exhibitor::exhibitorId));
        return listed;
    }

    /** Oldest waiting scan first; phones with nothing waiting after them, the last seen first. */
    private static final Comparator<ScannerState> ORDER = Comparator
            .comparing(ScannerState::oldestUnsentAt, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(ScannerState::lastSeenAt, Comparator.reverseOrder())
            .thenComparing(ScannerState::phoneId);

    private ScannerState stateOf(Document stored, BoothExhibitor exhibitor, Instant now) {
        String scannerId = stored.getString("scannerId");
        long unsent = ((Number) stored.get("unsent")).longValue();
        Instant oldest = instant(stored.getDate("oldestUnsentAt"));
        return new ScannerState(stored.getString("phoneId"), stored.getString("kind"), scannerId,
                exhibitor == null ? scannerId : exhibitor.nameOf(scannerId), instant(stored.getDate("lastSeenAt")), unsent, oldest,
                instant(stored.getDate("lastUploadAt")), stored.getString("appVersion"), stuck(unsent, oldest, now));
    }

    private boolean stuck(long unsent, Instant oldestUnsentAt, Instant now) {
        return unsent > 0 && oldestUnsentAt != null && !oldestUnsentAt.plus(stuckAfter).isAfter(now);
    }

    static String idOf(String exhibitorId, String phoneId) {
        return exhibitorId + "/" + phoneId;
    }

    private static Instant millis(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS);
    }

    private static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
