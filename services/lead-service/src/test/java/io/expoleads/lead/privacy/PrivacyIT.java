package io.expoleads.lead.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.expoleads.events.AttendeeView;
import io.expoleads.events.ErasureProgress;
import io.expoleads.events.EventEnvelope;
import io.expoleads.events.EventTypes;
import io.expoleads.events.LeadView;
import io.expoleads.events.ScanAccepted;
import io.expoleads.events.Topics;
import io.expoleads.lead.LeadServiceIT;
import io.expoleads.lead.attendee.AttendeeDirectory;
import io.expoleads.lead.lead.Lead;
import io.expoleads.lead.lead.LeadCapture;
import io.expoleads.lead.lead.LeadPrivacy;
import io.expoleads.lead.lead.LeadRefresh;
import io.expoleads.lead.lead.LeadStore;
import io.expoleads.platform.privacy.VisitorKeys;
import io.expoleads.testsupport.ConsumerGroupRewind;
import io.expoleads.testsupport.HttpJson;
import io.expoleads.testsupport.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import tools.jackson.databind.JsonNode;

/**
 * Visitors' rights in lead-service: consent applied at the source, personal data sealed on every
 * topic, erasure (with its status, idempotence, the badge refused, a replay bringing nothing back)
 * and consent withdrawal, through the API, the real broker and the store.
 */
class PrivacyIT extends LeadServiceIT {

    @Autowired
    LeadStore leads;
    @Autowired
    LeadPrivacy privacy;
    @Autowired
    AttendeeDirectory directory;
    @Autowired
    KafkaListenerEndpointRegistry listeners;
    @Value("${expo.kafka.consumer-group}")
    String consumerGroup;

    private String importVisitor(String registrationId, String firstName, String email, String phone, boolean shareContact) {
        Map<String, Object> row = new java.util.HashMap<>(Map.of("registrationId", registrationId, "firstName", firstName,
                "lastName", "Tazi", "company", "Casa Tramway", "jobTitle", "Fleet director", "email", email, "country", "MA",
                "shareContact", shareContact));
        if (phone != null) {
            row.put("phone", phone);
        }
        HttpJson.Answer report = organizer.post("/api/editions/" + edition + "/attendees/import", HttpJson.json(List.of(row)));
        assertThat(report.status()).as(report.text()).isEqualTo(200);
        return report.json().get("attendees").get(0).get("attendeeId").asString();
    }

    private String scanWithNote(String exhibitor, String staffId, String badge, String note) {
        HttpJson.Answer taken = staff(exhibitor, staffId).post("/api/scans", HttpJson.json(Map.of("scanId", UUID.randomUUID().toString(),
                "badge", badge, "scannedAt", Instant.now().toString(), "rating", 4, "tags", List.of("fleet"), "note", note)));
        assertThat(taken.status()).as(taken.text()).isEqualTo(202);
        String leadId = taken.field("leadId");
        await().atMost(WAIT).until(() -> leads.find(leadId).map(lead -> !lead.notes().isEmpty()).orElse(false));
        return leadId;
    }

    @Test
    void what_leaves_lead_service_is_only_what_the_visitor_agreed_to_share_and_never_in_clear() {
        String refuses = importVisitor("CS-1", "Yasmine", "yasmine@private.example", "+212611111111", false);
        String agrees = importVisitor("CS-2", "Hamza", "hamza@shared.example", "+212622222222", true);

        try (TopicReader reader = new TopicReader(infrastructure.kafkaBootstrapServers(), Topics.ATTENDEES, Topics.VISITOR_KEYS)) {
            ConsumerRecord<String, String> refused = reader.await(record -> record.topic().equals(Topics.ATTENDEES)
                    && refuses.equals(record.key()), WAIT);
            ConsumerRecord<String, String> agreed = reader.await(record -> record.topic().equals(Topics.ATTENDEES)
                    && agrees.equals(record.key()), WAIT);
            for (String value : List.of(refused.value(), agreed.value())) {
                assertThat(value).doesNotContain("Yasmine", "Hamza", "Tazi", "Casa Tramway", "Fleet director", "@private",
                        "@shared", "+2126", "CS-1", "CS-2");
            }
            AttendeeView yasmine = openedAttendee(refused.value()).orElseThrow();
            assertThat(yasmine.firstName()).isEqualTo("Yasmine");
            assertThat(yasmine.email()).as("no consent: not even sealed").isNull();
            assertThat(yasmine.phone()).isNull();
            AttendeeView hamza = openedAttendee(agreed.value()).orElseThrow();
            assertThat(hamza.email()).isEqualTo("hamza@shared.example");
            assertThat(hamza.phone()).isEqualTo("+212622222222");

            ConsumerRecord<String, String> key = reader.await(record -> record.topic().equals(Topics.VISITOR_KEYS)
                    && agrees.equals(record.key()), WAIT);
            JsonNode issued = json.readTree(key.value());
            assertThat(issued.get("type").asString()).isEqualTo(EventTypes.VISITOR_KEY_ISSUED);
            assertThat(issued.get("payload").get("wrapped").asString()).isEqualTo(mongo.findById(agrees, Document.class,
                    VisitorKeys.COLLECTION).getString("wrapped"));
        }

        // The organizer narrows the visible fields: the attendees are republished without the company.
        HttpJson.Answer narrowed = organizer.put("/api/editions/" + edition + "/attendee-visibility",
                HttpJson.json(Map.of("visibleFields", List.of("firstName", "lastName", "email"))));
        assertThat(narrowed.status()).as(narrowed.text()).isEqualTo(200);
        try (TopicReader reader = new TopicReader(infrastructure.kafkaBootstrapServers(), Topics.ATTENDEES)) {
            reader.await(record -> agrees.equals(record.key()) && record.value().contains(EventTypes.ATTENDEE_UPDATED)
                    && openedAttendee(record.value()).orElseThrow().company() == null, WAIT);
            AttendeeView latest = reader.all(record -> agrees.equals(record.key())).stream()
                    .map(record -> openedAttendee(record.value()).orElseThrow()).reduce((first, second) -> second).orElseThrow();
            assertThat(latest.company()).isNull();
            assertThat(latest.jobTitle()).isNull();
            assertThat(latest.phone()).isNull();
            assertThat(latest.email()).isEqualTo("hamza@shared.example");
        }
    }

    @Test
    void an_erasure_scrubs_every_lead_destroys_the_key_and_answers_the_same_erasure_when_asked_again() throws Exception {
        String first = approvedExhibitor();
        String second = approvedExhibitor();
        String visitor = importVisitor("ER-1", "Salma", "salma@erase.example", "+212633333333", true);
        String badge = badgeOf(visitor);
        String firstLead = scanWithNote(first, "amine", badge, "Wants the parking sensor demo");
        String secondLead = scanWithNote(second, "salma", badge, "Call her back about the tram tender");
        HttpJson.Answer export = admin(first).get("/api/exhibitors/" + first + "/leads/export?format=csv");
        assertThat(export.status()).as(export.text()).isEqualTo(200);
        assertThat(export.text()).contains("Salma");

        HttpJson.Answer erased = organizer.post("/api/attendees/" + visitor + "/erasure", "{}");

        assertThat(erased.status()).as(erased.text()).isEqualTo(202);
        String erasureId = erased.field("erasureId");
        assertThat(erased.headers().firstValue("Location")).contains("/api/erasures/" + erasureId);
        assertThat(erased.field("status")).isEqualTo("IN_PROGRESS");
        assertThat(erased.json().get("services").get(0).get("service").asString()).isEqualTo("lead-service");
        assertThat(erased.json().get("leads").asInt()).isEqualTo(2);
        JsonNode holding = erased.json().get("exportsHolding");
        assertThat(holding).hasSize(1);
        assertThat(holding.get(0).get("exhibitorId").asString()).isEqualTo(first);
        assertThat(erased.text()).doesNotContain("Salma", "salma@", "Tazi", "parking", "tram");

        // Asked again: the same erasure, nothing changed twice.
        HttpJson.Answer again = organizer.post("/api/attendees/" + visitor + "/erasure", "{}");
        assertThat(again.status()).as(again.text()).isEqualTo(200);
        assertThat(again.field("erasureId")).isEqualTo(erasureId);
        assertThat(organizer.get("/api/erasures/" + erasureId).field("attendeeId")).isEqualTo(visitor);
        assertThat(organizer.get("/api/attendees/" + visitor + "/erasure").field("erasureId")).isEqualTo(erasureId);

        // lead-service's store: a stub, scrubbed leads, no key.
        Document stub = mongo.findById(visitor, Document.class, "attendees");
        assertThat(stub.getBoolean("erased")).isTrue();
        assertThat(stub.keySet()).doesNotContain("firstName", "lastName", "email", "phone", "company", "jobTitle", "country",
                "registrationId");
        for (String leadId : List.of(firstLead, secondLead)) {
            Lead lead = leads.find(leadId).orElseThrow();
            assertThat(lead.erased()).isTrue();
            assertThat(lead.notes()).isEmpty();
            assertThat(lead.tags()).isEmpty();
            assertThat(lead.searchText()).isEmpty();
            assertThat(lead.attendee().firstName()).isNull();
            assertThat(lead.attendee().email()).isNull();
            assertThat(lead.scanCount()).as("counts stay").isEqualTo(1);
            Document stored = mongo.findById(leadId, Document.class, LeadStore.COLLECTION);
            stored.remove("outbox");
            assertThat(stored.toJson()).doesNotContain("Salma", "salma@", "Tazi", "parking", "tram", "Casa Tramway");
        }
        assertThat(mongo.findById(visitor, Document.class, VisitorKeys.COLLECTION)).doesNotContainKey("wrapped");
        assertThat(organizer.get("/api/attendees/" + visitor).status()).isEqualTo(410);
        assertThat(organizer.get("/api/attendees/" + visitor).field("reason")).isEqualTo("ATTENDEE_ERASED");
        assertThat(organizer.get("/api/attendees/" + visitor + "/badge?format=json").status()).isEqualTo(410);

        // On the topics: LeadErased with nothing personal, tombstones, the erasure's request.
        try (TopicReader reader = new TopicReader(infrastructure.kafkaBootstrapServers(), Topics.LEADS, Topics.ATTENDEES,
                Topics.VISITOR_KEYS, Topics.ERASURES)) {
            for (String leadId : List.of(firstLead, secondLead)) {
                ConsumerRecord<String, String> leadErased = reader.await(record -> record.topic().equals(Topics.LEADS)
                        && record.value().contains(leadId) && record.value().contains(EventTypes.LEAD_ERASED), WAIT);
                LeadView view = payload(leadErased.value(), LeadView.class);
                assertThat(view.sealed()).isNull();
                assertThat(view.notes()).isEmpty();
                assertThat(view.attendee().firstName()).isNull();
                // Every earlier event of the lead is sealed under a destroyed key: unreadable now.
                assertThat(reader.all(record -> record.topic().equals(Topics.LEADS) && record.value().contains(leadId)
                        && !record.value().contains(EventTypes.LEAD_ERASED)))
                        .isNotEmpty().allSatisfy(record -> assertThat(openedLead(record.value())).isEmpty());
            }
            reader.await(record -> record.topic().equals(Topics.ATTENDEES) && visitor.equals(record.key()) && record.value() == null, WAIT);
            reader.await(record -> record.topic().equals(Topics.VISITOR_KEYS) && visitor.equals(record.key()) && record.value() == null, WAIT);
            reader.await(record -> record.topic().equals(Topics.ATTENDEES) && visitor.equals(record.key()) && record.value() != null
                    && record.value().contains(EventTypes.ATTENDEE_ERASED), WAIT);
            ConsumerRecord<String, String> requested = reader.await(record -> record.topic().equals(Topics.ERASURES)
                    && visitor.equals(record.key()) && record.value().contains(EventTypes.ERASURE_REQUESTED), WAIT);
            assertThat(payload(requested.value(), ErasureProgress.class).leadIds()).containsExactlyInAnyOrder(firstLead, secondLead);
            assertThat(reader.all(record -> record.value() != null && visitor.equals(record.key())))
                    .allSatisfy(record -> assertThat(record.value()).doesNotContain("Salma", "salma@", "Tazi", "parking", "tram"));
        }

        // The visitor's badge is refused at the booth, alone or in a batch.
        HttpJson.Answer refused = scan(first, "amine", UUID.randomUUID().toString(), badge);
        assertThat(refused.status()).as(refused.text()).isEqualTo(422);
        assertThat(refused.field("reason")).isEqualTo("ATTENDEE_ERASED");
        HttpJson.Answer batch = staff(second, "salma").post("/api/scans/batch", HttpJson.json(Map.of("scans", List.of(Map.of(
                "scanId", UUID.randomUUID().toString(), "badge", badge, "scannedAt", Instant.now().toString())))));
        assertThat(batch.status()).as(batch.text()).isEqualTo(202);
        assertThat(batch.json().get("results").get(0).get("status").asString()).isEqualTo("REJECTED");
        assertThat(batch.json().get("results").get(0).get("reason").asString()).isEqualTo("ATTENDEE_ERASED");

        // Nor can staff write about the visitor again.
        HttpJson.Answer patched = staff(first, "amine").patch("/api/leads/" + firstLead, "{\"note\":\"Another note about Salma\"}");
        assertThat(patched.status()).as(patched.text()).isEqualTo(410);
        assertThat(patched.field("reason")).isEqualTo("ATTENDEE_ERASED");
        assertThat(leads.find(firstLead).orElseThrow().notes()).isEmpty();

        // Re-importing the same registration does not bring the person back.
        HttpJson.Answer reimport = organizer.post("/api/editions/" + edition + "/attendees/import", HttpJson.json(List.of(Map.of(
                "registrationId", "ER-1", "firstName", "Salma", "lastName", "Tazi"))));
        assertThat(reimport.json().get("rejectedRows").asInt()).as(reimport.text()).isEqualTo(1);
        assertThat(reimport.json().get("rejected").get(0).get("reason").asString()).startsWith("ERASED");
        assertThat(mongo.findById(visitor, Document.class, "attendees").get("firstName")).isNull();

        // notification-service reports its part: the erasure is done.
        ErasureProgress done = ErasureProgress.requested(erasureId, visitor, edition, "ORGANIZER", Instant.now(), List.of())
                .completedBy("notification-service", Instant.now(), Map.of("leads", 2L, "deliveries", 3L));
        writer.send(Topics.ERASURES, visitor, json.writeValueAsString(EventEnvelope.of(UUID.randomUUID(),
                EventTypes.ERASURE_COMPLETED, Instant.now(), edition, visitor, done)));
        await().atMost(WAIT).until(() -> "DONE".equals(organizer.get("/api/erasures/" + erasureId).field("status")));
        JsonNode status = organizer.get("/api/erasures/" + erasureId).json();
        assertThat(status.get("services").findValuesAsString("service")).containsExactly("lead-service", "notification-service");
        assertThat(status.get("services").get(1).get("removed").get("deliveries").asLong()).isEqualTo(3);
    }

    @Test
    void replaying_the_scans_and_attendees_from_the_beginning_after_an_erasure_brings_nothing_back() throws Exception {
        String exhibitor = approvedExhibitor();
        String visitor = importVisitor("RP-1", "Karim", "karim@replay.example", "+212644444444", true);
        String badge = badgeOf(visitor);
        String leadId = scanWithNote(exhibitor, "amine", badge, "Interested in the smart lighting pilot");
        assertThat(organizer.post("/api/attendees/" + visitor + "/erasure", "{}").status()).isEqualTo(202);
        long revision = leads.find(leadId).orElseThrow().revision();

        // A scan in flight when the erasure happened, read afterwards, adds nothing.
        ScanAccepted inFlight = new ScanAccepted(UUID.randomUUID().toString(), exhibitor, edition, visitor, "salma", null,
                Instant.now(), Instant.now(), 5, null, Map.of(), List.of("late"), "A late note about Karim", List.of());
        writer.send(Topics.SCANS, exhibitor, json.writeValueAsString(EventEnvelope.of(UUID.randomUUID(), EventTypes.SCAN_ACCEPTED,
                Instant.now(), edition, exhibitor, inFlight)));
        ConsumerGroupRewind.replayFromTheBeginning(infrastructure.kafkaBootstrapServers(), consumerGroup + "-leads", Topics.SCANS,
                listeners.getListenerContainer(LeadCapture.LISTENER_ID), WAIT);
        ConsumerGroupRewind.replayFromTheBeginning(infrastructure.kafkaBootstrapServers(), consumerGroup + "-lead-attendees",
                Topics.ATTENDEES, listeners.getListenerContainer(LeadRefresh.ATTENDEE_LISTENER_ID), WAIT);

        Lead lead = leads.find(leadId).orElseThrow();
        assertThat(lead.revision()).isEqualTo(revision);
        assertThat(lead.notes()).isEmpty();
        assertThat(lead.scanCount()).isEqualTo(1);
        assertThat(lead.attendee().firstName()).isNull();
        assertThat(directory.find(visitor).orElseThrow().firstName()).isNull();
    }

    @Autowired
    Erasures erasures;

    @Test
    void an_erasure_a_crash_left_midway_is_finished_by_the_sweep() {
        String exhibitor = approvedExhibitor();
        String visitor = importVisitor("SW-1", "Rachid", "rachid@sweep.example", "+212666666666", true);
        String leadId = scanWithNote(exhibitor, "amine", badgeOf(visitor), "Follow up on the smart parking offer");
        // The request was recorded, then the process stopped before any step: as a crash leaves it.
        String erasureId = Erasures.erasureIdOf(visitor);
        mongo.insert(new Erasure(erasureId, visitor, edition, "ORGANIZER", Instant.now().minusSeconds(60), Erasure.IN_PROGRESS,
                Map.of(), List.of(), List.of(), null), Erasures.COLLECTION);
        assertThat(directory.find(visitor).orElseThrow().erased()).isFalse();

        erasures.finishInterrupted();

        assertThat(directory.find(visitor).orElseThrow().erased()).isTrue();
        assertThat(leads.find(leadId).orElseThrow().notes()).isEmpty();
        assertThat(mongo.findById(visitor, Document.class, VisitorKeys.COLLECTION)).doesNotContainKey("wrapped");
        JsonNode status = organizer.get("/api/erasures/" + erasureId).json();
        assertThat(status.get("services").findValuesAsString("service")).containsExactly("lead-service");
        // Run again (another instance's sweep, say): nothing is done twice.
        erasures.finishInterrupted();
        try (TopicReader reader = new TopicReader(infrastructure.kafkaBootstrapServers(), Topics.ERASURES)) {
            reader.await(record -> visitor.equals(record.key()) && record.value().contains(EventTypes.ERASURE_COMPLETED), WAIT);
            assertThat(reader.all(record -> visitor.equals(record.key()) && record.value().contains(EventTypes.ERASURE_REQUESTED)))
                    .hasSize(1);
        }
    }

    @Test
    void an_erasure_a_crash_stopped_after_the_stub_is_finished_by_the_sweep() {
        String exhibitor = approvedExhibitor();
        String visitor = importVisitor("SW-2", "Imane", "imane@sweep.example", "+212666666667", true);
        String leadId = scanWithNote(exhibitor, "amine", badgeOf(visitor), "Follow up on the smart lighting offer");
        // The erasure's first step (the stub) was written, then the process stopped: the lead and the key are untouched.
        String erasureId = Erasures.erasureIdOf(visitor);
        Instant receivedAt = Instant.now().minusSeconds(60);
        mongo.insert(new Erasure(erasureId, visitor, edition, "ORGANIZER", receivedAt, Erasure.IN_PROGRESS,
                Map.of(), List.of(), List.of(), null), Erasures.COLLECTION);
        directory.erase(visitor, receivedAt);
        assertThat(leads.find(leadId).orElseThrow().erased()).isFalse();

        erasures.finishInterrupted();

        Lead lead = leads.find(leadId).orElseThrow();
        assertThat(lead.erased()).isTrue();
        assertThat(lead.notes()).isEmpty();
        assertThat(lead.attendee().firstName()).isNull();
        assertThat(mongo.findById(visitor, Document.class, VisitorKeys.COLLECTION)).doesNotContainKey("wrapped");
        JsonNode status = organizer.get("/api/erasures/" + erasureId).json();
        assertThat(status.get("services").findValuesAsString("service")).containsExactly("lead-service");
        assertThat(status.get("leads").asInt()).isEqualTo(1);
    }

    @Test
    void bad_requests_get_a_problem_with_a_reason_and_change_nothing() {
        String visitor = importVisitor("BR-1", "Nadia", "nadia@bad.example", null, true);
        String otherEdition = UUID.randomUUID().toString();
        String foreignExhibitor = UUID.randomUUID().toString();
        publishExhibitor(new io.expoleads.events.ExhibitorView(foreignExhibitor, otherEdition, 2,
                io.expoleads.events.ExhibitorStatus.APPROVED, "Elsewhere", "MA", "fr", "C-1", 2, List.of(), List.of("amine"),
                List.of(), null, null, "admin@elsewhere.example", Map.of()));
        await().atMost(WAIT).until(() -> exhibitors.find(foreignExhibitor).isPresent());

        HttpJson.Answer unknown = organizer.post("/api/attendees/" + UUID.randomUUID() + "/erasure", "{}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        HttpJson.Answer malformed = organizer.post("/api/attendees/not-an-id/erasure", "{}");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.field("reason")).isEqualTo("MALFORMED_ID");
        assertThat(organizer.get("/api/erasures/" + UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(organizer.get("/api/erasures/nope").field("reason")).isEqualTo("MALFORMED_ID");
        assertThat(organizer.get("/api/attendees/" + visitor + "/erasure").status()).as("not erased").isEqualTo(404);

        HttpJson.Answer foreign = organizer.post("/api/attendees/" + visitor + "/consent-withdrawals",
                HttpJson.json(Map.of("exhibitorId", foreignExhibitor)));
        assertThat(foreign.status()).as(foreign.text()).isEqualTo(422);
        assertThat(foreign.field("reason")).isEqualTo("UNKNOWN_EXHIBITOR");
        HttpJson.Answer badExhibitor = organizer.post("/api/attendees/" + visitor + "/consent-withdrawals",
                HttpJson.json(Map.of("exhibitorId", "x")));
        assertThat(badExhibitor.status()).isEqualTo(400);
        assertThat(directory.find(visitor).orElseThrow().contactWithdrawnFrom()).isEmpty();

        assertThat(organizer.post("/api/attendees/" + visitor + "/erasure", "{}").status()).isEqualTo(202);
        HttpJson.Answer afterErasure = organizer.post("/api/attendees/" + visitor + "/consent-withdrawals", "{}");
        assertThat(afterErasure.status()).isEqualTo(410);
        assertThat(afterErasure.field("reason")).isEqualTo("ATTENDEE_ERASED");
    }

    @Test
    void a_withdrawal_removes_email_and_phone_from_the_leads_concerned_at_once_and_from_what_follows() {
        String first = approvedExhibitor();
        String second = approvedExhibitor();
        String visitor = importVisitor("WD-1", "Imane", "imane@withdraw.example", "+212655555555", true);
        String badge = badgeOf(visitor);
        String firstLead = scanWithNote(first, "amine", badge, "Met at the keynote");
        String secondLead = scanWithNote(second, "amine", badge, "Asked about the API");
        assertThat(admin(first).get("/api/leads/" + firstLead).text()).contains("imane@withdraw.example");

        HttpJson.Answer withdrawn = organizer.post("/api/attendees/" + visitor + "/consent-withdrawals",
                HttpJson.json(Map.of("exhibitorId", first)));

        assertThat(withdrawn.status()).as(withdrawn.text()).isEqualTo(200);
        assertThat(withdrawn.json().get("leadIds").get(0).asString()).isEqualTo(firstLead);
        assertThat(admin(first).get("/api/leads/" + firstLead).text()).doesNotContain("imane@withdraw.example", "+212655555555");
        assertThat(admin(first).get("/api/exhibitors/" + first + "/leads/export?format=csv").text())
                .contains("Imane").doesNotContain("imane@withdraw.example");
        assertThat(admin(second).get("/api/leads/" + secondLead).text()).contains("imane@withdraw.example");
        try (TopicReader reader = new TopicReader(infrastructure.kafkaBootstrapServers(), Topics.LEADS)) {
            ConsumerRecord<String, String> event = reader.await(record -> record.value().contains(firstLead)
                    && record.value().contains(EventTypes.LEAD_CONTACT_WITHDRAWN), WAIT);
            LeadView lead = openedLead(event.value()).orElseThrow();
            assertThat(lead.attendee().email()).isNull();
            assertThat(lead.attendee().phone()).isNull();
            assertThat(lead.attendee().firstName()).isEqualTo("Imane");
        }

        // A correction from the registration system does not bring the contact back to that exhibitor.
        organizer.post("/api/editions/" + edition + "/attendees/import", HttpJson.json(List.of(Map.of(
                "registrationId", "WD-1", "firstName", "Imane", "lastName", "Tazi", "company", "Casa Bus",
                "email", "imane@withdraw.example", "phone", "+212655555555", "shareContact", true))));
        await().atMost(WAIT).until(() -> "Casa Bus".equals(leads.find(firstLead).orElseThrow().attendee().company()));
        assertThat(leads.find(firstLead).orElseThrow().attendee().email()).isNull();

        HttpJson.Answer everyone = organizer.post("/api/attendees/" + visitor + "/consent-withdrawals", "{}");
        assertThat(everyone.status()).as(everyone.text()).isEqualTo(200);
        assertThat(everyone.json().get("contactWithdrawnFrom").get(0).asString()).isEqualTo("*");
        assertThat(admin(second).get("/api/leads/" + secondLead).text()).doesNotContain("imane@withdraw.example");
        try (TopicReader reader = new TopicReader(infrastructure.kafkaBootstrapServers(), Topics.ATTENDEES)) {
            reader.await(record -> visitor.equals(record.key()) && record.value().contains(EventTypes.ATTENDEE_UPDATED)
                    && openedAttendee(record.value()).orElseThrow().email() == null
                    && "Casa Bus".equals(openedAttendee(record.value()).orElseThrow().company()), WAIT);
        }
    }

    @Test
    void a_withdrawal_racing_a_reimport_of_the_same_visitors_is_never_undone() throws Exception {
        String exhibitor = approvedExhibitor();
        int count = 12;
        List<String> leadIds = new java.util.ArrayList<>();
        List<String> visitors = new java.util.ArrayList<>();
        for (int index = 0; index < count; index++) {
            String visitor = importVisitor("RC-" + index, "Visitor" + index, "rc-" + index + "@race.example", "+2126000000" + (10 + index),
                    true);
            visitors.add(visitor);
            leadIds.add(scanWithNote(exhibitor, "amine", badgeOf(visitor), "Race " + index));
        }
        List<Map<String, Object>> corrected = new java.util.ArrayList<>();
        for (int index = 0; index < count; index++) {
            corrected.add(Map.of("registrationId", "RC-" + index, "firstName", "Visitor" + index, "lastName", "Tazi",
                    "company", "Casa Bus", "jobTitle", "Fleet director", "email", "rc-" + index + "@race.example",
                    "phone", "+2126000000" + (10 + index), "country", "MA", "shareContact", true));
        }

        // The registration system's correction arrives while the visitors withdraw, one after the other: each
        // lead's refresh (from the correction's events) runs against the withdrawals.
        java.util.concurrent.ExecutorService both = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.Future<HttpJson.Answer> reimport = both.submit(() ->
                    organizer.post("/api/editions/" + edition + "/attendees/import", HttpJson.json(corrected)));
            java.util.concurrent.Future<?> withdrawals = both.submit(() -> {
                for (String visitor : visitors) {
                    HttpJson.Answer withdrawn = organizer.post("/api/attendees/" + visitor + "/consent-withdrawals",
                            HttpJson.json(Map.of("exhibitorId", exhibitor)));
                    assertThat(withdrawn.status()).as(withdrawn.text()).isEqualTo(200);
                }
            });
            assertThat(reimport.get().status()).isEqualTo(200);
            withdrawals.get();
        } finally {
            both.shutdownNow();
        }

        await().atMost(WAIT).until(() -> leadIds.stream().allMatch(leadId ->
                "Casa Bus".equals(leads.find(leadId).orElseThrow().attendee().company())));
        // Then a second correction, after everything: its refresh must not bring the contact back either.
        List<Map<String, Object>> again = corrected.stream().map(row -> {
            Map<String, Object> changed = new java.util.HashMap<>(row);
            changed.put("jobTitle", "Mobility director");
            return (Map<String, Object>) changed;
        }).toList();
        assertThat(organizer.post("/api/editions/" + edition + "/attendees/import", HttpJson.json(again)).status()).isEqualTo(200);
        await().atMost(WAIT).until(() -> leadIds.stream().allMatch(leadId ->
                "Mobility director".equals(leads.find(leadId).orElseThrow().attendee().jobTitle())));
        for (String leadId : leadIds) {
            Lead lead = leads.find(leadId).orElseThrow();
            assertThat(lead.attendee().email()).as("lead %s", leadId).isNull();
            assertThat(lead.attendee().phone()).as("lead %s", leadId).isNull();
        }
        assertThat(admin(exhibitor).get("/api/exhibitors/" + exhibitor + "/leads/export?format=csv").text())
                .contains("Visitor0").doesNotContain("@race.example").doesNotContain("+21260000");
    }

    @Test
    void a_withdrawal_landing_while_a_reimport_refreshes_the_lead_is_not_undone() {
        String exhibitor = approvedExhibitor();
        String visitor = importVisitor("WR-1", "Ghita", "ghita@withdraw.example", "+212611111111", true);
        String leadId = scanWithNote(exhibitor, "amine", badgeOf(visitor), "Asked about e-buses");
        assertThat(leads.find(leadId).orElseThrow().attendee().email()).isEqualTo("ghita@withdraw.example");

        // The visitor withdraws at the worst moment: the refresh the correction starts has read her (sharing)
        // and the lead, and is about to write the lead; the withdrawal scrubs it just then.
        java.util.concurrent.atomic.AtomicBoolean withdrawn = new java.util.concurrent.atomic.AtomicBoolean();
        clock.interruptNextRead(thread -> thread.getName().startsWith(LeadRefresh.ATTENDEE_LISTENER_ID), () -> {
            directory.withdrawContact(visitor, exhibitor);
            privacy.withdrawContact(visitor, exhibitor);
            withdrawn.set(true);
        });
        HttpJson.Answer corrected = organizer.post("/api/editions/" + edition + "/attendees/import", HttpJson.json(List.of(Map.of(
                "registrationId", "WR-1", "firstName", "Ghita", "lastName", "Tazi", "company", "Casa Bus",
                "email", "ghita@withdraw.example", "phone", "+212611111111", "shareContact", true))));
        assertThat(corrected.status()).as(corrected.text()).isEqualTo(200);

        await().atMost(WAIT).until(() -> withdrawn.get() && "Casa Bus".equals(leads.find(leadId).orElseThrow().attendee().company()));
        Lead lead = leads.find(leadId).orElseThrow();
        assertThat(lead.attendee().email()).as("the withdrawal stands").isNull();
        assertThat(lead.attendee().phone()).isNull();
        assertThat(admin(exhibitor).get("/api/leads/" + leadId).text()).doesNotContain("ghita@withdraw.example", "+212611111111");
    }

    @Test
    void a_withdrawal_from_one_exhibitor_landing_while_a_scan_creates_its_lead_reaches_that_lead() {
        withdrawalLandingWhileAScanCreatesTheLead("WS-1", false);
    }

    @Test
    void a_withdrawal_from_every_exhibitor_landing_while_a_scan_creates_a_lead_reaches_that_lead() {
        withdrawalLandingWhileAScanCreatesTheLead("WS-2", true);
    }

    /**
     * The visitor withdraws at the worst moment for a first scan: lead capture has read her (sharing)
     * and is about to insert the new lead; the withdrawal writes her and scrubs her leads just then,
     * finding none. The lead must still end without her contact, followed by a {@code LeadContactWithdrawn}
     * (what tells notification-service and the CRMs), and the last event of the lead must not show it.
     */
    private void withdrawalLandingWhileAScanCreatesTheLead(String registrationId, boolean fromEveryone) {
        String exhibitor = approvedExhibitor();
        String email = registrationId.toLowerCase(java.util.Locale.ROOT) + "@withdraw.example";
        String phone = fromEveryone ? "+212622220002" : "+212622220001";
        String visitor = importVisitor(registrationId, "Kenza", email, phone, true);
        String badge = badgeOf(visitor);

        java.util.concurrent.atomic.AtomicReference<List<Lead>> scrubbedThen = new java.util.concurrent.atomic.AtomicReference<>();
        clock.interruptNextRead(thread -> thread.getName().startsWith(LeadCapture.LISTENER_ID), () -> {
            directory.withdrawContact(visitor, fromEveryone ? io.expoleads.lead.attendee.Attendee.EVERY_EXHIBITOR : exhibitor);
            scrubbedThen.set(privacy.withdrawContact(visitor, fromEveryone ? null : exhibitor));
        });
        HttpJson.Answer taken = scan(exhibitor, "amine", UUID.randomUUID().toString(), badge);
        assertThat(taken.status()).as(taken.text()).isEqualTo(202);
        String leadId = taken.field("leadId");

        await().atMost(WAIT).until(() -> scrubbedThen.get() != null && leads.find(leadId).isPresent());
        assertThat(scrubbedThen.get()).as("the withdrawal landed before the lead was written").isEmpty();
        await().atMost(WAIT).untilAsserted(() -> {
            Lead lead = leads.find(leadId).orElseThrow();
            assertThat(lead.attendee().email()).as("the withdrawal reaches the new lead").isNull();
            assertThat(lead.attendee().phone()).isNull();
        });
        assertThat(leads.find(leadId).orElseThrow().attendee().firstName()).isEqualTo("Kenza");
        assertThat(admin(exhibitor).get("/api/leads/" + leadId).text()).doesNotContain(email, phone);
        assertThat(admin(exhibitor).get("/api/exhibitors/" + exhibitor + "/leads/export?format=csv").text())
                .contains("Kenza").doesNotContain(email).doesNotContain(phone);
        try (TopicReader reader = new TopicReader(infrastructure.kafkaBootstrapServers(), Topics.LEADS)) {
            ConsumerRecord<String, String> withdrawal = reader.await(record -> record.value().contains(leadId)
                    && record.value().contains(EventTypes.LEAD_CONTACT_WITHDRAWN), WAIT);
            LeadView withdrawn = openedLead(withdrawal.value()).orElseThrow();
            assertThat(withdrawn.attendee().email()).isNull();
            assertThat(withdrawn.attendee().phone()).isNull();
            await().atMost(WAIT).untilAsserted(() -> {
                LeadView last = reader.all(record -> record.value().contains(leadId)).stream()
                        .map(record -> openedLead(record.value()).orElseThrow()).reduce((first, second) -> second).orElseThrow();
                assertThat(last.attendee().email()).as("the lead's last event").isNull();
                assertThat(last.attendee().phone()).isNull();
            });
        }
    }

    /**
     * The visitor is erased at the worst moment for a first scan: lead capture has read her (not
     * erased) and is about to seal and insert the new lead; the erasure runs then, up to destroying
     * her key, and finds no lead to scrub. Capture seals under the key still there and inserts the
     * lead; only then is the key destroyed. The stored lead must still end with nothing of her, by
     * a {@code LeadErased} (what tells notification-service and the CRMs), and the erasure finish.
     */
    @Test
    void an_erasure_landing_while_a_scan_creates_the_visitors_lead_reaches_that_lead() throws Exception {
        String exhibitor = approvedExhibitor();
        String visitor = importVisitor("EW-1", "Nawal", "nawal@erase-race.example", "+212655550001", true);
        String badge = badgeOf(visitor);
        String leadId = Lead.idOf(exhibitor, visitor);

        java.util.concurrent.CountDownLatch erasureAtKey = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch leadWritten = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicReference<Erasures.Requested> requested = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicReference<Throwable> erasureFailed = new java.util.concurrent.atomic.AtomicReference<>();
        Thread erasure = new Thread(() -> {
            try {
                requested.set(erasures.request(visitor, "ORGANIZER").orElseThrow());
            } catch (Throwable failure) {
                erasureFailed.set(failure);
            }
        }, "erasure-race");
        // Capture's first read of the clock after reading the attendee (the lead's event, before it is sealed):
        // the erasure starts and runs until it destroys the key (its read of this clock there), held there
        // until the lead is in the store.
        clock.interruptNextRead(thread -> thread.getName().startsWith(LeadCapture.LISTENER_ID), () -> {
            clock.interruptNextRead(thread -> thread == erasure && io.expoleads.testsupport.TestClock.calledFrom(io.expoleads.platform.privacy.VisitorKeys.class), () -> {
                erasureAtKey.countDown();
                try {
                    leadWritten.await(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            });
            erasure.start();
            try {
                assertThat(erasureAtKey.await(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        });
        HttpJson.Answer taken = staff(exhibitor, "amine").post("/api/scans", HttpJson.json(Map.of("scanId", UUID.randomUUID().toString(),
                "badge", badge, "scannedAt", Instant.now().toString(), "rating", 4, "tags", List.of("tramway"),
                "note", "Nawal wants the e-bus depot study")));
        assertThat(taken.status()).as(taken.text()).isEqualTo(202);
        assertThat(taken.field("leadId")).isEqualTo(leadId);

        await().atMost(WAIT).until(() -> leads.find(leadId).isPresent());
        leadWritten.countDown();
        erasure.join(WAIT.toMillis());
        assertThat(erasureFailed.get()).isNull();
        assertThat(requested.get().erasure().leadIds()).as("the erasure landed before the lead was written").isEmpty();

        await().atMost(WAIT).untilAsserted(() -> assertThat(leads.find(leadId).orElseThrow().erased())
                .as("the erasure reaches the new lead").isTrue());
        Lead lead = leads.find(leadId).orElseThrow();
        assertThat(lead.attendee().firstName()).isNull();
        assertThat(lead.attendee().lastName()).isNull();
        assertThat(lead.attendee().email()).isNull();
        assertThat(lead.attendee().phone()).isNull();
        assertThat(lead.attendee().company()).isNull();
        assertThat(lead.attendee().jobTitle()).isNull();
        assertThat(lead.notes()).isEmpty();
        assertThat(lead.answers()).isEmpty();
        assertThat(lead.tags()).isEmpty();
        assertThat(lead.searchText()).isEmpty();
        assertThat(lead.scanCount()).as("counts stay").isEqualTo(1);
        String[] personal = {"Nawal", "Tazi", "nawal@", "+212655550001", "Casa Tramway", "Fleet director", "e-bus", "tramway"};
        Document stored = mongo.findById(leadId, Document.class, LeadStore.COLLECTION);
        stored.remove("outbox");
        assertThat(stored.toJson()).doesNotContain(personal);
        assertThat(admin(exhibitor).get("/api/leads/" + leadId).text()).doesNotContain(personal);
        assertThat(admin(exhibitor).get("/api/exhibitors/" + exhibitor + "/leads/export?format=csv").text()).doesNotContain(personal);
        assertThat(mongo.findById(visitor, Document.class, VisitorKeys.COLLECTION)).doesNotContainKey("wrapped");
        JsonNode status = organizer.get("/api/erasures/" + requested.get().erasure().id()).json();
        assertThat(status.get("services").findValuesAsString("service")).as("lead-service's part is done").contains("lead-service");
        try (TopicReader reader = new TopicReader(infrastructure.kafkaBootstrapServers(), Topics.LEADS)) {
            ConsumerRecord<String, String> erased = reader.await(record -> record.value().contains(leadId)
                    && record.value().contains(EventTypes.LEAD_ERASED), WAIT);
            assertThat(erased.value()).doesNotContain(personal);
            assertThat(payload(erased.value(), LeadView.class).sealed()).isNull();
        }
    }
}
