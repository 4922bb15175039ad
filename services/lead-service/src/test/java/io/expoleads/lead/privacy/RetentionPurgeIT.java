package io.expoleads.lead.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.expoleads.events.EditionView;
import io.expoleads.lead.LeadServiceIT;
import io.expoleads.lead.attendee.AttendeeDirectory;
import io.expoleads.lead.lead.Lead;
import io.expoleads.lead.lead.LeadStore;
import io.expoleads.testsupport.HttpJson;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Retention: when an edition's purge date comes (the service's clock set to it, never waited for),
 * every visitor of the edition is erased as an organizer's erasure would, with cause RETENTION,
 * leaving leads as pseudonymous stubs that keep their counts and times; other editions are untouched.
 */
class RetentionPurgeIT extends LeadServiceIT {

    @Autowired
    RetentionPurge purge;
    @Autowired
    AttendeeDirectory directory;
    @Autowired
    LeadStore leads;
    @Autowired
    Erasures erasures;
    @Autowired
    io.expoleads.lead.edition.EditionCalendar calendar;
    @Autowired
    io.expoleads.platform.work.Leases leases;

    private String importVisitor(String editionId, String registrationId, String firstName) {
        HttpJson.Answer report = organizer.post("/api/editions/" + editionId + "/attendees/import", HttpJson.json(List.of(Map.of(
                "registrationId", registrationId, "firstName", firstName, "lastName", "Tazi", "company", "Casa Tramway",
                "jobTitle", "Fleet director", "email", registrationId.toLowerCase() + "@retention.example", "shareContact", true))));
        assertThat(report.status()).as(report.text()).isEqualTo(200);
        return report.json().get("attendees").get(0).get("attendeeId").asString();
    }

    private String scanned(String exhibitor, String attendeeId, String note) {
        HttpJson.Answer taken = staff(exhibitor, "amine").post("/api/scans", HttpJson.json(Map.of("scanId", UUID.randomUUID().toString(),
                "badge", badgeOf(attendeeId), "scannedAt", Instant.now().toString(), "note", note)));
        assertThat(taken.status()).as(taken.text()).isEqualTo(202);
        String leadId = taken.field("leadId");
        await().atMost(WAIT).until(() -> leads.find(leadId).map(lead -> !lead.notes().isEmpty()).orElse(false));
        return leadId;
    }

    private EditionView editionPurgedAt(String editionId, long revision, Instant purgeAt) {
        LocalDate today = LocalDate.now(ZoneId.of("Africa/Casablanca"));
        return new EditionView(editionId, revision, "Smart City Expo Casablanca", today, today, "Africa/Casablanca", purgeAt);
    }

    @Test
    void at_the_purge_date_every_visitor_of_the_edition_is_erased_and_leads_keep_their_counts_and_times() {
        Instant purgeAt = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        publishEdition(editionPurgedAt(edition, 2, purgeAt));
        String exhibitor = approvedExhibitor();
        String salma = importVisitor(edition, "RT-1", "Salma");
        String hamza = importVisitor(edition, "RT-2", "Hamza");
        String salmaLead = scanned(exhibitor, salma, "Wants the parking sensor demo");
        String hamzaLead = scanned(exhibitor, hamza, "Call back about the tram tender");
        Lead before = leads.find(salmaLead).orElseThrow();

        // Another edition, whose retention runs on: nothing of it is touched.
        String otherEdition = UUID.randomUUID().toString();
        publishEdition(editionPurgedAt(otherEdition, 1, purgeAt.plus(Duration.ofDays(30))));
        String kept = importVisitor(otherEdition, "RT-3", "Yasmine");

        clock.set(purgeAt.minusSeconds(1));
        assertThat(purge.purgeDue()).as("a second early: nothing").isZero();
        assertThat(organizer.get("/api/attendees/" + salma).status()).isEqualTo(200);

        clock.set(purgeAt);
        assertThat(purge.purgeDue()).isEqualTo(2);

        for (String visitor : List.of(salma, hamza)) {
            HttpJson.Answer read = organizer.get("/api/attendees/" + visitor);
            assertThat(read.status()).isEqualTo(410);
            assertThat(read.field("reason")).isEqualTo("ATTENDEE_ERASED");
            HttpJson.Answer erasure = organizer.get("/api/attendees/" + visitor + "/erasure");
            assertThat(erasure.status()).as(erasure.text()).isEqualTo(200);
            assertThat(erasure.field("cause")).isEqualTo("RETENTION");
            Document stub = mongo.findById(visitor, Document.class, "attendees");
            assertThat(stub.getBoolean("erased")).isTrue();
            assertThat(stub.keySet()).doesNotContain("firstName", "lastName", "email", "company", "jobTitle", "registrationId");
        }
        for (String leadId : List.of(salmaLead, hamzaLead)) {
            Lead lead = leads.find(leadId).orElseThrow();
            assertThat(lead.erased()).isTrue();
            assertThat(lead.notes()).isEmpty();
            assertThat(lead.attendee().firstName()).isNull();
            assertThat(lead.scanCount()).as("counts stay").isEqualTo(1);
            Document stored = mongo.findById(leadId, Document.class, LeadStore.COLLECTION);
            stored.remove("outbox");
            assertThat(stored.toJson()).doesNotContain("Salma", "Hamza", "Tazi", "retention.example", "parking", "tram");
        }
        Lead after = leads.find(salmaLead).orElseThrow();
        assertThat(after.firstScanAt()).isEqualTo(before.firstScanAt());
        assertThat(after.lastScanAt()).isEqualTo(before.lastScanAt());
        HttpJson.Answer list = admin(exhibitor).get("/api/exhibitors/" + exhibitor + "/leads");
        assertThat(list.status()).as(list.text()).isEqualTo(200);
        assertThat(list.text()).doesNotContain("Salma", "Hamza", "parking");

        assertThat(organizer.get("/api/attendees/" + kept).status()).as("the other edition keeps its visitors").isEqualTo(200);
        assertThat(purge.purgeDue()).as("a second pass finds nothing left").isZero();
        assertThat(mongo.count(org.springframework.data.mongodb.core.query.Query.query(
                org.springframework.data.mongodb.core.query.Criteria.where("editionId").is(edition)), Erasures.COLLECTION))
                .as("one erasure per visitor").isEqualTo(2);
    }

    @Test
    void a_shortened_retention_brings_the_purge_forward() {
        Instant firstDate = Instant.now().plus(40, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        publishEdition(editionPurgedAt(edition, 2, firstDate));
        String visitor = importVisitor(edition, "RT-10", "Nadia");
        clock.set(Instant.now().plus(2, ChronoUnit.HOURS));
        assertThat(purge.purgeDue()).isZero();

        Instant shortened = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        writer.send(io.expoleads.events.Topics.EDITIONS, edition, json.writeValueAsString(io.expoleads.events.EventEnvelope.of(
                UUID.randomUUID(), "EditionChanged", Instant.now(), edition, edition, editionPurgedAt(edition, 3, shortened))));
        await().atMost(WAIT).until(() -> calendar.purgeAt(edition).orElseThrow().equals(shortened));

        assertThat(purge.purgeDue()).isEqualTo(1);
        assertThat(organizer.get("/api/attendees/" + visitor).status()).isEqualTo(410);
    }

    @Test
    void a_purge_goes_a_chunk_at_a_time_and_a_pass_cut_short_is_finished_by_the_next() {
        Instant purgeAt = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        publishEdition(editionPurgedAt(edition, 2, purgeAt));
        List<String> visitors = List.of(importVisitor(edition, "RT-20", "Karim"), importVisitor(edition, "RT-21", "Leila"),
                importVisitor(edition, "RT-22", "Omar"));
        // A purge bounded to two visitors a pass, one per chunk: as if the first pass had been cut short.
        RetentionPurge bounded = new RetentionPurge(calendar, directory, erasures, clock, leases, 1, 2, Duration.ofHours(1));
        clock.set(purgeAt.plusSeconds(5));

        assertThat(bounded.purgeDue()).isEqualTo(2);
        assertThat(directory.livingIds(edition, 10)).hasSize(1);
        assertThat(bounded.purgeDue()).isEqualTo(1);
        assertThat(bounded.purgeDue()).isZero();
        for (String visitor : visitors) {
            assertThat(organizer.get("/api/attendees/" + visitor).status()).isEqualTo(410);
        }
    }

    @Test
    void an_edition_whose_retention_ended_takes_no_more_visitors_and_stores_nothing() {
        Instant purgeAt = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        publishEdition(editionPurgedAt(edition, 2, purgeAt));
        clock.set(purgeAt.minusSeconds(1));
        importVisitor(edition, "RT-30", "Imane");

        clock.set(purgeAt);
        String importPath = "/api/editions/" + edition + "/attendees/import";
        HttpJson.Answer json = organizer.post(importPath, HttpJson.json(List.of(Map.of(
                "registrationId", "RT-31", "firstName", "Rachid", "lastName", "Alami", "email", "rt-31@retention.example",
                "shareContact", true))));
        HttpJson.Answer csv = organizer.postText(importPath, "text/csv", "registrationId,firstName,lastName,email\n"
                + "RT-32,Sara,Idrissi,rt-32@retention.example\n");
        for (HttpJson.Answer refused : List.of(json, csv)) {
            assertThat(refused.status()).as(refused.text()).isEqualTo(409);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.field("reason")).isEqualTo("EDITION_PURGED");
            assertThat(refused.field("purgeAt")).isEqualTo(purgeAt.toString());
        }
        assertThat(mongo.count(org.springframework.data.mongodb.core.query.Query.query(
                org.springframework.data.mongodb.core.query.Criteria.where("editionId").is(edition)), "attendees"))
                .as("nothing stored: the visitor imported before the date only").isEqualTo(1);
        assertThat(mongo.getCollection("attendees").countDocuments(new Document("editionId", edition)
                .append("firstName", new Document("$in", List.of("Rachid", "Sara"))))).isZero();

        // A visitor already imported, sent again after the date, is refused the same way (not updated).
        HttpJson.Answer again = organizer.post(importPath, HttpJson.json(List.of(Map.of(
                "registrationId", "RT-30", "firstName", "Imane", "lastName", "Tazi", "jobTitle", "Mayor's adviser",
                "email", "rt-30@retention.example", "shareContact", true))));
        assertThat(again.status()).as(again.text()).isEqualTo(409);
        assertThat(mongo.getCollection("attendees").countDocuments(new Document("editionId", edition)
                .append("jobTitle", "Mayor's adviser"))).isZero();
        // The purge's pass takes the one imported in time (and leaves no living visitor for the other tests' passes).
        assertThat(purge.purgeDue()).isEqualTo(1);
    }
}
