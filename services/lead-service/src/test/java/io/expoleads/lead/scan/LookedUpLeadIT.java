package io.expoleads.lead.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.expoleads.events.LeadSource;
import io.expoleads.events.ScanAccepted;
import io.expoleads.events.Topics;
import io.expoleads.lead.LeadServiceIT;
import io.expoleads.lead.lead.Lead;
import io.expoleads.lead.lead.LeadStore;
import io.expoleads.testsupport.HttpJson;
import io.expoleads.testsupport.TopicReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A lead taken on a visitor found in the directory ({@code lookup} instead of {@code badge}): on
 * {@code expo.scans.v1} with source LOOKUP, flagged on the lead, its view and its export until a
 * badge of the visitor is read; refused like a badge for an erased or unknown visitor.
 */
class LookedUpLeadIT extends LeadServiceIT {

    @Autowired
    LeadStore leads;

    TopicReader reader;

    @BeforeEach
    void read() {
        reader = new TopicReader(infrastructure.kafkaBootstrapServers(), Topics.SCANS);
    }

    @AfterEach
    void close() {
        reader.close();
    }

    private static Map<String, Object> lookedUp(String scanId, String attendeeId) {
        return Map.of("scanId", scanId, "lookup", Map.of("attendeeId", attendeeId), "scannedAt", Instant.now().toString());
    }

    private HttpJson.Answer takeLookedUp(String exhibitor, String staffId, String scanId, String attendeeId) {
        return staff(exhibitor, staffId).post("/api/scans", HttpJson.json(lookedUp(scanId, attendeeId)));
    }

    @Test
    void a_visitor_found_in_the_directory_becomes_a_looked_up_lead_until_their_badge_is_read() {
        String exhibitor = approvedExhibitor();
        String visitor = importAttendee("LU-1", "Ghita", true);
        HttpJson.Answer found = staff(exhibitor, "amine").post("/api/exhibitors/" + exhibitor + "/directory/search",
                HttpJson.json(Map.of("query", "casa transport")));
        assertThat(found.status()).as(found.text()).isEqualTo(200);
        String attendeeId = found.json().get("results").get(0).get("attendeeId").asString();
        assertThat(attendeeId).isEqualTo(visitor);

        String scanId = UUID.randomUUID().toString();
        HttpJson.Answer taken = staff(exhibitor, "amine").post("/api/scans", HttpJson.json(Map.of("scanId", scanId,
                "lookup", Map.of("attendeeId", attendeeId), "scannedAt", Instant.now().toString(), "rating", 4)));

        assertThat(taken.status()).as(taken.text()).isEqualTo(202);
        assertThat(taken.field("status")).isEqualTo("ACCEPTED");
        assertThat(taken.json().get("attendee").get("firstName").asString()).isEqualTo("Ghita");
        String record = reader.await(value -> value.topic().equals(Topics.SCANS) && value.value().contains(scanId), WAIT).value();
        ScanAccepted onTopic = openedScan(record).orElseThrow();
        assertThat(onTopic.source()).isEqualTo(LeadSource.LOOKUP);
        assertThat(onTopic.rating()).isEqualTo(4);

        String leadId = Lead.idOf(exhibitor, visitor);
        await().atMost(WAIT).until(() -> leads.find(leadId).isPresent());
        assertThat(leads.find(leadId).orElseThrow().source()).isEqualTo(LeadSource.LOOKUP);
        HttpJson.Answer detail = staff(exhibitor, "amine").get("/api/leads/" + leadId);
        assertThat(detail.field("source")).isEqualTo("LOOKUP");
        assertThat(detail.json().get("scans").get(0).get("source").asString()).isEqualTo("LOOKUP");
        JsonNode listed = admin(exhibitor).get("/api/exhibitors/" + exhibitor + "/leads").json().get("items").get(0);
        assertThat(listed.get("source").asString()).isEqualTo("LOOKUP");
        HttpJson.Answer csv = admin(exhibitor).get("/api/exhibitors/" + exhibitor + "/leads/export?format=csv");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.text().lines().toList().get(1)).contains("Ghita").contains("LOOKUP");

        assertThat(takeLookedUp(exhibitor, "amine", scanId, attendeeId).field("status")).as("sent again").isEqualTo("DUPLICATE");

        assertThat(scan(exhibitor, "salma", UUID.randomUUID().toString(), badgeOf(visitor)).field("status")).isEqualTo("ACCEPTED");
        await().atMost(WAIT).until(() -> leads.find(leadId).orElseThrow().scanCount() == 2);
        assertThat(leads.find(leadId).orElseThrow().source()).as("the badge read later proves who the visitor is")
                .isEqualTo(LeadSource.BADGE);
        assertThat(staff(exhibitor, "amine").get("/api/leads/" + leadId).field("source")).isEqualTo("BADGE");
    }

    @Test
    void an_erased_unknown_or_other_editions_visitor_is_refused_and_a_scan_names_its_visitor_exactly_once() {
        String exhibitor = approvedExhibitor();
        String erased = importAttendee("LU-2", "Hajar", true);
        assertThat(organizer.post("/api/attendees/" + erased + "/erasure", "{}").status()).isEqualTo(202);
        await().atMost(WAIT).until(() -> "ATTENDEE_ERASED".equals(
                takeLookedUp(exhibitor, "amine", UUID.randomUUID().toString(), erased).field("reason")));
        assertThat(takeLookedUp(exhibitor, "amine", UUID.randomUUID().toString(), erased).status()).isEqualTo(422);

        HttpJson.Answer unknown = takeLookedUp(exhibitor, "amine", UUID.randomUUID().toString(), UUID.randomUUID().toString());
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.field("reason")).isEqualTo("UNKNOWN_ATTENDEE");

        String otherEdition = openEdition();
        HttpJson.Answer imported = organizer.post("/api/editions/" + otherEdition + "/attendees/import", HttpJson.json(List.of(
                Map.of("registrationId", "LU-3", "firstName", "Ilyas", "lastName", "Berrada", "shareContact", true))));
        String elsewhere = imported.json().get("attendees").get(0).get("attendeeId").asString();
        HttpJson.Answer otherEditions = takeLookedUp(exhibitor, "amine", UUID.randomUUID().toString(), elsewhere);
        assertThat(otherEditions.status()).isEqualTo(422);
        assertThat(otherEditions.field("reason")).isEqualTo("UNKNOWN_ATTENDEE");

        String visitor = importAttendee("LU-4", "Nora", true);
        HttpJson.Answer both = staff(exhibitor, "amine").post("/api/scans", HttpJson.json(Map.of("scanId", UUID.randomUUID().toString(),
                "badge", badgeOf(visitor), "lookup", Map.of("attendeeId", visitor), "scannedAt", Instant.now().toString())));
        assertThat(both.status()).isEqualTo(400);
        assertThat(both.field("reason")).isEqualTo("BADGE_OR_LOOKUP");
        HttpJson.Answer neither = staff(exhibitor, "amine").post("/api/scans", HttpJson.json(Map.of("scanId",
                UUID.randomUUID().toString(), "scannedAt", Instant.now().toString())));
        assertThat(neither.status()).isEqualTo(400);
        assertThat(neither.field("reason")).isEqualTo("BADGE_OR_LOOKUP");
        HttpJson.Answer noId = staff(exhibitor, "amine").post("/api/scans", HttpJson.json(Map.of("scanId",
                UUID.randomUUID().toString(), "lookup", Map.of(), "scannedAt", Instant.now().toString())));
        assertThat(noId.status()).isEqualTo(400);
        assertThat(noId.text()).contains("lookup.attendeeId");
        assertThat(leads.find(Lead.idOf(exhibitor, erased))).isEmpty();
        assertThat(leads.find(Lead.idOf(exhibitor, visitor))).as("nothing taken by a refused scan").isEmpty();
    }

    @Test
    void an_upload_of_several_scans_takes_lookups_beside_badges_with_a_status_each() {
        String exhibitor = approvedExhibitor();
        String looked = importAttendee("LU-5", "Sanae", true);
        String badged = importAttendee("LU-6", "Mehdi", true);
        String twice = UUID.randomUUID().toString();
        List<Map<String, Object>> queue = List.of(
                lookedUp(twice, looked),
                Map.of("scanId", UUID.randomUUID().toString(), "badge", badgeOf(badged), "scannedAt", Instant.now().toString()),
                lookedUp(twice, looked),
                lookedUp(UUID.randomUUID().toString(), UUID.randomUUID().toString()),
                Map.of("scanId", UUID.randomUUID().toString(), "scannedAt", Instant.now().toString()));

        HttpJson.Answer answer = device(exhibitor, "device-1").post("/api/scans/batch", HttpJson.json(Map.of("scans", queue)));

        assertThat(answer.status()).as(answer.text()).isEqualTo(202);
        JsonNode results = answer.json().get("results");
        assertThat(results.get(0).get("status").asString()).isEqualTo("ACCEPTED");
        assertThat(results.get(1).get("status").asString()).isEqualTo("ACCEPTED");
        assertThat(results.get(2).get("status").asString()).as("queued twice").isEqualTo("DUPLICATE");
        assertThat(results.get(3).get("reason").asString()).isEqualTo("UNKNOWN_ATTENDEE");
        assertThat(results.get(4).get("reason").asString()).as("refused alone").isEqualTo("BADGE_OR_LOOKUP");
        await().atMost(WAIT).until(() -> leads.find(Lead.idOf(exhibitor, looked)).isPresent()
                && leads.find(Lead.idOf(exhibitor, badged)).isPresent());
        assertThat(leads.find(Lead.idOf(exhibitor, looked)).orElseThrow().source()).isEqualTo(LeadSource.LOOKUP);
        assertThat(leads.find(Lead.idOf(exhibitor, badged)).orElseThrow().source()).isEqualTo(LeadSource.BADGE);

        HttpJson.Answer resent = device(exhibitor, "device-1").post("/api/scans/batch", HttpJson.json(Map.of("scans",
                List.of(lookedUp(twice, looked)))));
        assertThat(resent.json().get("results").get(0).get("status").asString()).isEqualTo("DUPLICATE");
    }
}
