package io.expoleads.lead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.expoleads.events.EventEnvelope;
import io.expoleads.events.ExhibitorStatus;
import io.expoleads.events.ExhibitorView;
import io.expoleads.events.Topics;
import io.expoleads.lead.exhibitor.BoothExhibitors;
import io.expoleads.lead.lead.Lead;
import io.expoleads.lead.lead.LeadCapture;
import io.expoleads.platform.readmodel.RevisionGuard;
import io.expoleads.testsupport.ExpoTestInfrastructure;
import io.expoleads.testsupport.HttpJson;
import io.expoleads.testsupport.TestInfrastructure;
import io.expoleads.testsupport.TestTokens;
import io.expoleads.testsupport.TopicReader;
import io.expoleads.testsupport.TopicWriter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"expo.kafka.retry-attempts=1", "expo.kafka.retry-interval=100ms", "expo.web.max-request-size=64KB"})
@Import(ExpoTestInfrastructure.class)
class LeadCaptureIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @LocalServerPort
    int port;
    @Autowired
    TestInfrastructure infrastructure;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    BoothExhibitors exhibitors;
    @Autowired
    LeadCapture leads;
    @Autowired
    JsonMapper json;

    HttpJson http;
    HttpJson organizer;
    TopicWriter writer;
    TopicReader reader;
    String edition;

    @BeforeEach
    void connect() {
        http = new HttpJson("http://localhost:" + port);
        organizer = http.bearer(TestTokens.get().organizer());
        writer = new TopicWriter(infrastructure.kafkaBootstrapServers());
        reader = new TopicReader(infrastructure.kafkaBootstrapServers(), Topics.SCANS, Topics.LEADS, Topics.ATTENDEES,
                Topics.deadLetter(Topics.EXHIBITORS));
        edition = UUID.randomUUID().toString();
    }

    @AfterEach
    void disconnect() {
        writer.close();
        reader.close();
    }

    @Test
    void an_accepted_scan_is_on_the_scan_topic_and_becomes_one_lead_and_one_lead_captured() {
        String exhibitor = approvedExhibitor();
        String attendee = importAttendee("R-1", "Youssef", true);

        String scanId = UUID.randomUUID().toString();
        HttpJson.Answer receipt = scan(scanId, exhibitor, attendee, "amine");
        assertThat(receipt.status()).isEqualTo(202);
        assertThat(receipt.field("status")).isEqualTo("ACCEPTED");
        assertThat(receipt.json().get("attendee").get("firstName").asString()).isEqualTo("Youssef");
        // Acknowledged only once on the topic: the record is there already, no waiting needed.
        assertThat(reader.all(record -> record.topic().equals(Topics.SCANS) && record.value().contains(scanId))).hasSize(1);

        String leadId = Lead.idOf(exhibitor, attendee);
        ConsumerRecord<String, String> captured = reader.await(record -> record.topic().equals(Topics.LEADS)
                && record.value().contains(leadId) && record.value().contains("LeadCaptured"), WAIT);
        assertThat(captured.key()).isEqualTo(exhibitor);
        JsonNode view = json.readTree(captured.value()).get("payload");
        assertThat(view.get("scanCount").asInt()).isEqualTo(1);
        assertThat(view.get("attendee").get("email").asString()).isEqualTo("r-1@visitors.example");
        Lead lead = leads.find(leadId).orElseThrow();
        assertThat(lead.scans()).extracting(scan -> scan.scanId()).containsExactly(scanId);
    }

    @Test
    void staff_scanning_the_same_visitor_share_one_lead_and_a_repeated_scan_id_is_a_duplicate() {
        String exhibitor = approvedExhibitor();
        String attendee = importAttendee("R-2", "Nadia", false);
        String leadId = Lead.idOf(exhibitor, attendee);
        String first = UUID.randomUUID().toString();
        assertThat(scan(first, exhibitor, attendee, "amine").field("status")).isEqualTo("ACCEPTED");
        await().atMost(WAIT).until(() -> leads.find(leadId).isPresent());

        HttpJson.Answer again = scan(first, exhibitor, attendee, "amine");
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.field("status")).isEqualTo("DUPLICATE");

        HttpJson.Answer teammate = scan(UUID.randomUUID().toString(), exhibitor, attendee, "salma");
        assertThat(teammate.field("status")).isEqualTo("ACCEPTED");
        assertThat(teammate.json().get("alreadyLead").get("lastScannedBy").asString()).isEqualTo("amine");
        assertThat(teammate.json().get("attendee").get("email").isNull()).as("no consent, no email").isTrue();

        await().atMost(WAIT).until(() -> leads.find(leadId).orElseThrow().scanCount() == 2);
        Lead lead = leads.find(leadId).orElseThrow();
        assertThat(lead.scans()).extracting(scan -> scan.staffId()).containsExactly("amine", "salma");
        assertThat(mongo.getCollection("leads").countDocuments(new org.bson.Document("attendeeId", attendee))).isEqualTo(1);
        reader.await(record -> record.value().contains(leadId) && record.value().contains("LeadUpdated"), WAIT);
        assertThat(reader.all(record -> record.topic().equals(Topics.LEADS) && record.value().contains(leadId)))
                .extracting(record -> json.readTree(record.value()).get("type").asString())
                .containsExactly("LeadCaptured", "LeadUpdated");
    }

    @Test
    void scan_ids_are_an_exhibitors_own_and_reveal_nothing_of_another_exhibitor() {
        String atlas = approvedExhibitor();
        String rival = approvedExhibitor();
        String visitor = importAttendee("R-10", "Hind", true);
        String other = importAttendee("R-11", "Yassine", true);
        String scanId = UUID.randomUUID().toString();
        scan(scanId, atlas, visitor, "amine");
        await().atMost(WAIT).until(() -> leads.find(Lead.idOf(atlas, visitor)).isPresent());

        HttpJson.Answer rivalSameId = scan(scanId, rival, other, "salma");
        assertThat(rivalSameId.field("status")).as("another exhibitor's scan id is no duplicate").isEqualTo("ACCEPTED");
        assertThat(rivalSameId.json().get("alreadyLead").isNull()).isTrue();
        assertThat(rivalSameId.text()).doesNotContain(visitor);

        HttpJson.Answer reused = scan(scanId, atlas, other, "amine");
        assertThat(reused.status()).as("the same scan id for another badge").isEqualTo(409);
        await().atMost(WAIT).until(() -> leads.find(Lead.idOf(rival, other)).isPresent());
        assertThat(leads.find(Lead.idOf(atlas, other))).isEmpty();
    }

    @Test
    void only_the_exhibitors_own_accounts_read_its_leads_and_only_the_organizer_imports() {
        String atlas = approvedExhibitor();
        String rival = approvedExhibitor();
        String visitor = importAttendee("R-20", "Imane", true);
        scan(UUID.randomUUID().toString(), atlas, visitor, "amine");
        String leadId = Lead.idOf(atlas, visitor);
        await().atMost(WAIT).until(() -> leads.find(leadId).isPresent());

        assertThat(http.bearer(TestTokens.get().admin(atlas)).get("/api/leads/" + leadId).status()).isEqualTo(200);
        assertThat(staff(atlas, "salma").get("/api/leads/" + leadId).json().get("scanCount").asInt()).isEqualTo(1);
        HttpJson.Answer foreign = http.bearer(TestTokens.get().admin(rival)).get("/api/leads/" + leadId);
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.text()).doesNotContain("Imane");
        assertThat(staff(rival, "amine").get("/api/leads/" + leadId).status()).isEqualTo(404);
        assertThat(http.get("/api/leads/" + leadId).status()).isEqualTo(401);
        assertThat(organizer.get("/api/leads/" + leadId).status()).as("leads are the exhibitor's, not the organizer's").isEqualTo(403);

        String body = HttpJson.json(List.of(Map.of("registrationId", "R-21", "lastName", "Alaoui")));
        assertThat(http.post("/api/editions/" + edition + "/attendees/import", body).status()).isEqualTo(401);
        assertThat(http.bearer(TestTokens.get().admin(atlas)).post("/api/editions/" + edition + "/attendees/import", body).status())
                .isEqualTo(403);
        assertThat(organizer.post("/api/scans", "{}").status()).as("the organizer does not scan").isEqualTo(403);
        String expired = TestTokens.get().sign(TestTokens.get().claims("amine", List.of("STAFF")).claim("exhibitorId", atlas)
                .expirationTime(java.util.Date.from(Instant.now().minusSeconds(60))).build());
        assertThat(http.bearer(expired).get("/api/leads/" + leadId).status()).isEqualTo(401);
        String otherAudience = TestTokens.get().sign(TestTokens.get().claims("amine", List.of("STAFF")).claim("exhibitorId", atlas)
                .audience("another-app").build());
        assertThat(http.bearer(otherAudience).get("/api/leads/" + leadId).status()).isEqualTo(401);
        String[] parts = TestTokens.get().staff(atlas, "amine").split("\\.");
        String forged = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"sub\":\"amine\",\"roles\":[\"EXHIBITOR_ADMIN\"],\"exhibitorId\":\"" + rival + "\"}").getBytes()) + "." + parts[2];
        assertThat(http.bearer(forged).get("/api/leads/" + leadId).status()).as("claims changed under the signature").isEqualTo(401);
    }

    @Test
    void a_booth_device_scans_only_while_it_is_set_up() {
        String exhibitor = approvedExhibitor();
        String attendee = importAttendee("R-30", "Ghita", true);
        String scanBody = HttpJson.json(Map.of("scanId", UUID.randomUUID().toString(), "badge", attendee,
                "scannedAt", Instant.now().toString()));
        String unknownDevice = TestTokens.get().sign(TestTokens.get().claims("device-2", List.of("DEVICE"))
                .claim("exhibitorId", exhibitor).build());
        assertThat(http.bearer(unknownDevice).post("/api/scans", scanBody).status()).as("a device not set up").isEqualTo(403);
        String device = TestTokens.get().sign(TestTokens.get().claims("device-1", List.of("DEVICE"))
                .claim("exhibitorId", exhibitor).build());
        HttpJson.Answer byDevice = http.bearer(device).post("/api/scans", scanBody);
        assertThat(byDevice.status()).as("the booth's own device").isEqualTo(202);
        await().atMost(WAIT).until(() -> leads.find(Lead.idOf(exhibitor, attendee)).isPresent());
        assertThat(leads.find(Lead.idOf(exhibitor, attendee)).orElseThrow().scans().get(0).deviceId()).isEqualTo("device-1");
    }

    @Test
    void the_service_describes_its_api_in_openapi() {
        HttpJson.Answer description = http.get("/v3/api-docs");
        assertThat(description.status()).isEqualTo(200);
        assertThat(description.json().get("paths").has("/api/scans")).isTrue();
        assertThat(description.json().get("paths").has("/api/leads/{leadId}")).isTrue();
    }

    @Test
    void replaying_accepted_scans_changes_nothing() {
        String exhibitor = approvedExhibitor();
        String attendee = importAttendee("R-3", "Omar", true);
        String scanId = UUID.randomUUID().toString();
        scan(scanId, exhibitor, attendee, "amine");
        String leadId = Lead.idOf(exhibitor, attendee);
        await().atMost(WAIT).until(() -> leads.find(leadId).isPresent());
        ConsumerRecord<String, String> original = reader.await(
                record -> record.topic().equals(Topics.SCANS) && record.value().contains(scanId), WAIT);

        // Kafka delivering the scan once more, e.g. after a consumer crash before its commit.
        writer.send(Topics.SCANS, original.key(), original.value());
        // A later scan on the same partition shows the replay has been processed.
        String marker = importAttendee("R-4", "Marker", true);
        scan(UUID.randomUUID().toString(), exhibitor, marker, "amine");
        await().atMost(WAIT).until(() -> leads.find(Lead.idOf(exhibitor, marker)).isPresent());

        Lead lead = leads.find(leadId).orElseThrow();
        assertThat(lead.scanCount()).isEqualTo(1);
        assertThat(lead.revision()).isEqualTo(1);
        assertThat(reader.all(record -> record.topic().equals(Topics.LEADS) && record.value().contains(leadId))).hasSize(1);
    }

    @Test
    void scans_that_cannot_be_taken_get_a_problem_detail_and_publish_nothing() {
        String exhibitor = approvedExhibitor();
        String attendee = importAttendee("R-5", "Karim", true);
        String pending = exhibitorInState(ExhibitorStatus.SUBMITTED);

        assertThat(scan(UUID.randomUUID().toString(), UUID.randomUUID().toString(), attendee, "amine").status()).isEqualTo(404);
        assertThat(scan(UUID.randomUUID().toString(), pending, attendee, "amine").status()).isEqualTo(422);
        assertThat(scan(UUID.randomUUID().toString(), exhibitor, "forged-badge", "amine").status()).isEqualTo(422);
        assertThat(scan(UUID.randomUUID().toString(), exhibitor, attendee, "revoked-member").status())
                .as("a staff member without a seat").isEqualTo(403);

        String otherEdition = edition;
        edition = UUID.randomUUID().toString();
        String stranger = importAttendee("R-6", "Stranger", true);
        edition = otherEdition;
        assertThat(scan(UUID.randomUUID().toString(), exhibitor, stranger, "amine").field("title")).isEqualTo("Badge of another edition");

        HttpJson http = staff(exhibitor, "amine");
        assertThat(http.post("/api/scans", "{\"scanId\": \"").status()).isEqualTo(400);
        HttpJson.Answer farFuture = http.post("/api/scans", HttpJson.json(Map.of("scanId", UUID.randomUUID().toString(),
                "badge", attendee, "scannedAt", "+999999999-12-31T23:59:59Z")));
        assertThat(farFuture.status()).isEqualTo(400);
        assertThat(farFuture.field("detail")).contains("not a plausible device time");
        assertThat(http.post("/api/scans", "").status()).isEqualTo(400);
        assertThat(http.post("/api/scans", "").field("detail")).doesNotContain("io.expoleads");
        assertThat(http.post("/api/scans", "{\"scanId\":\"not-a-uuid\",\"badge\":\"b\",\"scannedAt\":\"2026-11-24T10:00:00Z\"}").status()).isEqualTo(400);
        HttpJson.Answer otherExhibitor = http.post("/api/scans", HttpJson.json(Map.of("scanId", UUID.randomUUID().toString(),
                "badge", attendee, "scannedAt", Instant.now().toString(), "exhibitorId", pending)));
        assertThat(otherExhibitor.status()).as("the exhibitor comes from the token only").isEqualTo(400);
        assertThat(otherExhibitor.json().get("errors").findValuesAsString("field")).containsExactly("exhibitorId");
        HttpJson.Answer missing = http.post("/api/scans", "{\"badge\":\"" + attendee + "\"}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.contentType()).startsWith("application/problem+json");
        assertThat(missing.json().get("errors").findValuesAsString("field")).contains("scanId", "scannedAt");

        String oversized = "{\"note\":\"" + "x".repeat(100_000) + "\"}";
        HttpJson.Answer tooLarge = http.post("/api/scans", oversized);
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.contentType()).startsWith("application/problem+json");
        assertThat(http.postChunked("/api/scans", oversized).status()).isEqualTo(413);
        assertThat(organizer.postChunked("/api/editions/" + edition + "/attendees/import",
                "[" + "{\"registrationId\":\"R\"},".repeat(5_000) + "{}]").status()).isEqualTo(413);
        assertThat(mongo.getCollection("attendees").countDocuments(new org.bson.Document("registrationId", "R"))).isZero();

        assertThat(reader.all(record -> record.topic().equals(Topics.SCANS) && record.key().equals(exhibitor))).isEmpty();
        assertThat(reader.all(record -> record.topic().equals(Topics.SCANS) && record.key().equals(pending))).isEmpty();
    }

    @Test
    void an_import_is_idempotent_by_registration_and_reports_rejected_rows() {
        String body = HttpJson.json(List.of(
                Map.of("registrationId", "A-1", "firstName", "Salma", "lastName", "Benali", "email", "salma@example.ma"),
                Map.of("firstName", "No Id"),
                Map.of("registrationId", "A-3", "lastName", "Idrissi", "email", "not-an-email")));
        HttpJson.Answer first = organizer.post("/api/editions/" + edition + "/attendees/import", body);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("created").asInt()).isEqualTo(1);
        assertThat(first.json().get("rejected")).hasSize(2);
        assertThat(first.json().get("rejected").get(0).get("row").asInt()).isEqualTo(2);
        assertThat(first.json().get("rejected").get(0).get("field").asString()).isEqualTo("registrationId");
        assertThat(first.json().get("rejected").get(1).get("field").asString()).isEqualTo("email");

        HttpJson.Answer again = organizer.post("/api/editions/" + edition + "/attendees/import", body);
        assertThat(again.json().get("created").asInt()).isZero();
        assertThat(again.json().get("unchanged").asInt()).isEqualTo(1);
        String attendee = first.json().get("attendees").get(0).get("attendeeId").asString();

        // The registration system drops the email: the attendee loses it, once.
        String withoutEmail = HttpJson.json(List.of(Map.of("registrationId", "A-1", "firstName", "Salma", "lastName", "Benali")));
        assertThat(organizer.post("/api/editions/" + edition + "/attendees/import", withoutEmail).json().get("updated").asInt()).isEqualTo(1);
        assertThat(organizer.post("/api/editions/" + edition + "/attendees/import", withoutEmail).json().get("unchanged").asInt()).isEqualTo(1);
        org.bson.Document stored = mongo.findById(attendee, org.bson.Document.class, "attendees");
        assertThat(stored.containsKey("email")).isFalse();
        assertThat(stored.getLong("revision")).isEqualTo(2L);
        reader.await(record -> record.topic().equals(Topics.ATTENDEES) && attendee.equals(record.key())
                && record.value().contains("AttendeeUpdated"), WAIT);
        assertThat(reader.all(record -> record.topic().equals(Topics.ATTENDEES) && attendee.equals(record.key()))).hasSize(2);

        HttpJson.Answer lineBreak = organizer.post("/api/editions/" + edition + "/attendees/import",
                HttpJson.json(List.of(Map.of("registrationId", "A-9", "lastName", "Evil\r\nBcc: all@example.com"))));
        assertThat(lineBreak.json().get("rejected").get(0).get("reason").asString()).contains("control characters");

        assertThat(organizer.post("/api/editions/" + edition + "/attendees/import", "[{\"registrationId\": 12,").status()).isEqualTo(400);
        assertThat(organizer.post("/api/editions/" + edition + "/attendees/import", "{\"registrationId\":\"x\"}").status()).isEqualTo(400);
    }

    @Test
    void a_broken_record_goes_to_the_dead_letter_topic_with_its_reason_and_the_next_one_is_processed() {
        String exhibitor = UUID.randomUUID().toString();
        writer.send(Topics.EXHIBITORS, exhibitor, "{\"eventId\": \"this is not json");
        String withoutEventId = exhibitorEvent(exhibitor, ExhibitorStatus.APPROVED, 1).replaceFirst("\"eventId\":\"[^\"]+\",", "");
        writer.send(Topics.EXHIBITORS, exhibitor, withoutEventId);
        publishExhibitor(exhibitor, ExhibitorStatus.APPROVED, 1);

        ConsumerRecord<String, String> broken = reader.await(record -> record.topic().equals(Topics.deadLetter(Topics.EXHIBITORS))
                && exhibitor.equals(record.key()) && record.value().contains("this is not json"), WAIT);
        assertThat(TopicReader.header(broken, "kafka_dlt-exception-message")).isNotBlank();
        assertThat(TopicReader.header(broken, "expo_dlt-reason")).containsIgnoringCase("end-of-input");
        assertThat(TopicReader.header(broken, "kafka_dlt-original-topic")).isEqualTo(Topics.EXHIBITORS);
        ConsumerRecord<String, String> incomplete = reader.await(record -> record.topic().equals(Topics.deadLetter(Topics.EXHIBITORS))
                && exhibitor.equals(record.key()) && !record.value().contains("eventId"), WAIT);
        assertThat(TopicReader.header(incomplete, "expo_dlt-reason")).contains("eventId is required");

        await().atMost(WAIT).until(() -> exhibitors.find(exhibitor).isPresent());
    }

    @Test
    void a_read_model_only_moves_forward() {
        String id = UUID.randomUUID().toString();
        assertThat(RevisionGuard.upsertIfNewer(mongo, "exhibitors", id, 2, new Update().set("status", "APPROVED"))).isTrue();
        assertThat(RevisionGuard.upsertIfNewer(mongo, "exhibitors", id, 1, new Update().set("status", "SUBMITTED"))).isFalse();
        assertThat(RevisionGuard.upsertIfNewer(mongo, "exhibitors", id, 2, new Update().set("status", "WITHDRAWN"))).isFalse();
        assertThat(exhibitors.find(id).orElseThrow().status()).isEqualTo(ExhibitorStatus.APPROVED);
        assertThat(RevisionGuard.upsertIfNewer(mongo, "exhibitors", id, 3, new Update().set("status", "WITHDRAWN"))).isTrue();
        assertThat(exhibitors.find(id).orElseThrow().status()).isEqualTo(ExhibitorStatus.WITHDRAWN);
    }

    private String approvedExhibitor() {
        return exhibitorInState(ExhibitorStatus.APPROVED);
    }

    private String exhibitorInState(ExhibitorStatus status) {
        String exhibitor = UUID.randomUUID().toString();
        publishExhibitor(exhibitor, status, 2);
        await().atMost(WAIT).until(() -> exhibitors.find(exhibitor).map(known -> known.status() == status).orElse(false));
        return exhibitor;
    }

    private void publishExhibitor(String exhibitor, ExhibitorStatus status, long revision) {
        writer.send(Topics.EXHIBITORS, exhibitor, exhibitorEvent(exhibitor, status, revision));
    }

    private String exhibitorEvent(String exhibitor, ExhibitorStatus status, long revision) {
        ExhibitorView view = new ExhibitorView(exhibitor, edition, revision, status, "Atlas Mobility", "MA", "fr",
                "B-12", 4, List.of("sales@atlas-mobility.ma"), List.of("amine", "salma"), List.of("device-1"), null, null);
        EventEnvelope<ExhibitorView> event = EventEnvelope.of(UUID.randomUUID(), "ExhibitorApproved", Instant.now(),
                edition, exhibitor, view);
        return json.writeValueAsString(event);
    }

    private String importAttendee(String registrationId, String firstName, boolean shareContact) {
        HttpJson.Answer report = organizer.post("/api/editions/" + edition + "/attendees/import", HttpJson.json(List.of(Map.of(
                "registrationId", registrationId, "firstName", firstName, "lastName", "El Amrani",
                "company", "Casa Transport", "email", registrationId.toLowerCase() + "@visitors.example",
                "shareContact", shareContact))));
        assertThat(report.status()).isEqualTo(200);
        return report.json().get("attendees").get(0).get("attendeeId").asString();
    }

    private HttpJson.Answer scan(String scanId, String exhibitor, String badge, String staff) {
        return staff(exhibitor, staff).post("/api/scans", HttpJson.json(Map.of("scanId", scanId, "badge", badge,
                "scannedAt", Instant.now().toString())));
    }

    private HttpJson staff(String exhibitor, String staff) {
        return http.bearer(TestTokens.get().staff(exhibitor, staff));
    }

}
