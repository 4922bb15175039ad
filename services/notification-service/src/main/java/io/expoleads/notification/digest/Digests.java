package io.expoleads.notification.digest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.List;

import io.expoleads.events.ExhibitorStatus;
import io.expoleads.notification.delivery.Deliveries;
import io.expoleads.notification.delivery.DeliveryRequest;
import io.expoleads.notification.edition.EditionZones;
import io.expoleads.notification.exhibitor.SalesRouting;
import io.expoleads.notification.exhibitor.SalesRoutings;
import io.expoleads.platform.work.BackgroundWork;
import io.expoleads.platform.work.Leases;
import io.expoleads.platform.work.RunsInBackground;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Opens each exhibitor's digests when they fall due. Each exhibitor with digests on has a schedule
 * ({@code digest_schedule}: the end of its previous period and the next due time); when the due time
 * passes, one digest delivery per sales address is opened for the period from the previous one's end
 * (nothing falls between two periods, even after this service was down) and the schedule moves on.
 * Deliveries are keyed by the period, so two instances, or a crash between opening and moving on,
 * never send a period twice; and the check runs on one instance per {@code expo.digests.check-interval}
 * (a lease), so instances do not repeat each other's reads. A period without new leads sends nothing.
 */
@Component
class Digests implements RunsInBackground {

    static final String SCHEDULES = "digest_schedule";
    private static final Logger log = LoggerFactory.getLogger(Digests.class);

    private final SalesRoutings routings;
    private final EditionZones zones;
    private final LeadBook leads;
    private final Deliveries deliveries;
    private final MongoTemplate mongo;
    private final JsonMapper json;
    private final BackgroundWork work;
    private final Clock clock;

    Digests(SalesRoutings routings, EditionZones zones, LeadBook leads, Deliveries deliveries, MongoTemplate mongo, JsonMapper json,
            Leases leases, DigestProperties properties, Clock clock) {
        this.clock = clock;
        this.routings = routings;
        this.zones = zones;
        this.leads = leads;
        this.deliveries = deliveries;
        this.mongo = mongo;
        this.json = json;
        Duration checkInterval = properties.checkInterval();
        this.work = new BackgroundWork("digests", checkInterval, () -> leases.runOncePerPeriod("digests", checkInterval, this::openDue));
    }

    void openDue() {
        Instant now = clock.instant();
        for (SalesRouting routing : routings.withDigests()) {
            try {
                openDue(routing, now);
            } catch (RuntimeException e) {
                log.warn("Digest of exhibitor {} not opened yet: {}", routing.id(), e.toString());
            }
        }
    }

    private void openDue(SalesRouting routing, Instant now) {
        ZoneId zone = zones.zone(routing.editionId());
        Document schedule = mongo.findById(routing.id(), Document.class, SCHEDULES);
        String plan = routing.digest() + "@" + routing.digestTime() + "@" + zone.getId();
        if (schedule == null || !plan.equals(schedule.getString("plan"))) {
            // A new or changed schedule counts from now: earlier leads were alerted or exported already.
            Instant previousEnd = schedule == null ? now : instant(schedule, "periodStart");
            mongo.upsert(Query.query(Criteria.where("_id").is(routing.id())), new Update().set("plan", plan)
                    .set("periodStart", previousEnd).set("dueAt", DigestSchedule.nextAfter(routing.digest(), routing.digestTime(), zone, now)),
                    SCHEDULES);
            return;
        }
        Instant periodStart = instant(schedule, "periodStart");
        Instant dueAt = instant(schedule, "dueAt");
        if (now.isBefore(dueAt)) {
            return;
        }
        if (routing.status() == ExhibitorStatus.APPROVED && leads.anyFirstHeardOf(routing.id(), periodStart, dueAt)) {
            String content = json.writeValueAsString(new DigestPeriod(periodStart, dueAt, routing.exportFormat()));
            String period = routing.id() + "/" + periodStart + "/" + dueAt;
            for (String address : routing.salesEmails()) {
                deliveries.open(DeliveryRequest.digestEmail(period, address, routing.id(), routing.editionId(), content));
            }
        }
        mongo.updateFirst(Query.query(Criteria.where("_id").is(routing.id()).and("dueAt").is(dueAt)),
                new Update().set("periodStart", dueAt).set("dueAt", DigestSchedule.nextAfter(routing.digest(), routing.digestTime(), zone, now)),
                SCHEDULES);
    }

    private static Instant instant(Document document, String field) {
        Object value = document.get(field);
        return value instanceof Date date ? date.toInstant() : null;
    }

    @Override
    public BackgroundWork backgroundWork() {
        return work;
    }

    /** What a digest delivery covers: the leads first heard of in {@code [from, to)}, attached as {@code format}. */
    record DigestPeriod(Instant from, Instant to, String format) {
    }
}
