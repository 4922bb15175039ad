package io.expoleads.exhibitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.expoleads.events.Topics;
import io.expoleads.platform.outbox.OutboxRelays;
import io.expoleads.testsupport.ExpoTestInfrastructure;
import io.expoleads.testsupport.HttpJson;
import io.expoleads.testsupport.TestInfrastructure;
import io.expoleads.testsupport.TestMailServer;
import io.expoleads.testsupport.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.ProducerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "expo.organizer.password=organizer-secret-for-tests")
@Import(ExpoTestInfrastructure.class)
class ExhibitorLifecycleIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PASSWORD = "a-long-admin-passphrase";

    @LocalServerPort
    int port;
    @Autowired
    TestInfrastructure infrastructure;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    OutboxRelays relays;
    @Autowired
    JsonMapper json;

    HttpJson anonymous;
    HttpJson organizer;
    TopicReader exhibitorTopic;

    @BeforeEach
    void connect() {
        anonymous = new HttpJson("http://localhost:" + port);
        organizer = anonymous.signedIn("organizer", "organizer-secret-for-tests");
        exhibitorTopic = new TopicReader(infrastructure.kafkaBootstrapServers(), Topics.EXHIBITORS);
    }

    @AfterEach
    void disconnect() {
        exhibitorTopic.close();
    }

    @Test
    void every_lifecycle_step_is_published_with_the_full_public_view() {
        String edition = openEdition();
        Applicant applicant = apply(edition);
        String exhibitor = applicant.id();
        assertThat(applicant.admin().post("/api/exhibitors/" + exhibitor + "/submit", null).status()).isEqualTo(200);
        HttpJson.Answer approved = organizer.post("/api/exhibitors/" + exhibitor + "/approve", null);
        assertThat(approved.status()).isEqualTo(200);
        await().atMost(WAIT).until(() -> TestMailServer.messagesTo(applicant.email()).size() == 2);
        assertThat(TestMailServer.messagesTo(applicant.email())).extracting(TestMailServer::subject)
                .containsExactly("Candidature reçue : Atlas Mobility", "Candidature acceptée : Atlas Mobility");
        assertThat(approved.field("status")).isEqualTo("APPROVED");
        assertThat(approved.json().get("history")).hasSize(2);

        ConsumerRecord<String, String> last = exhibitorTopic.await(
                record -> exhibitor.equals(record.key()) && record.value().contains("ExhibitorApproved"), WAIT);
        List<JsonNode> events = exhibitorTopic.all(record -> exhibitor.equals(record.key())).stream()
                .map(record -> json.readTree(record.value())).toList();
        assertThat(events).extracting(event -> event.get("type").asString())
                .containsExactly("ExhibitorApplied", "ExhibitorSubmitted", "ExhibitorApproved");
        assertThat(events).extracting(event -> event.get("payload").get("revision").asLong()).containsExactly(1L, 2L, 3L);
        JsonNode approval = json.readTree(last.value());
        assertThat(approval.get("eventId").asString()).isNotBlank();
        assertThat(approval.get("editionId").asString()).isEqualTo(edition);
        assertThat(approval.get("aggregateId").asString()).isEqualTo(exhibitor);
        JsonNode view = approval.get("payload");
        assertThat(view.get("status").asString()).isEqualTo("APPROVED");
        assertThat(view.get("companyName").asString()).isEqualTo("Atlas Mobility");
        assertThat(view.get("salesEmails").get(0).asString()).isEqualTo("sales@atlas-mobility.ma");
    }

    @Test
    void producers_are_idempotent_and_wait_for_all_replicas(@Autowired ProducerFactory<Object, Object> producers) {
        assertThat(producers.getConfigurationProperties())
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    }

    @Test
    void organizer_steps_need_the_organizer_and_change_nothing_otherwise() {
        HttpJson.Answer noLogin = anonymous.post("/api/editions", editionBody());
        assertThat(noLogin.status()).isEqualTo(401);
        assertThat(noLogin.contentType()).startsWith("application/problem+json");
        assertThat(anonymous.bearer("not.a.token").post("/api/editions", editionBody()).status()).isEqualTo(401);

        Applicant applicant = apply(openEdition());
        String exhibitor = applicant.id();
        applicant.admin().post("/api/exhibitors/" + exhibitor + "/submit", null);
        assertThat(anonymous.post("/api/exhibitors/" + exhibitor + "/approve", null).status()).isEqualTo(401);
        assertThat(applicant.admin().post("/api/exhibitors/" + exhibitor + "/approve", null).status()).isEqualTo(403);
        assertThat(applicant.admin().get("/api/exhibitors/" + exhibitor).field("status")).isEqualTo("SUBMITTED");
    }

    @Test
    void an_exhibitor_admin_sees_and_changes_only_their_own_exhibitor() {
        String edition = openEdition();
        Applicant atlas = apply(edition);
        Applicant rival = apply(edition);

        HttpJson.Answer foreignRead = rival.admin().get("/api/exhibitors/" + atlas.id());
        assertThat(foreignRead.status()).isEqualTo(404);
        assertThat(foreignRead.contentType()).startsWith("application/problem+json");
        assertThat(rival.admin().post("/api/exhibitors/" + atlas.id() + "/submit", null).status()).isEqualTo(404);
        assertThat(rival.admin().post("/api/exhibitors/" + atlas.id() + "/withdraw", null).status()).isEqualTo(404);
        assertThat(anonymous.get("/api/exhibitors/" + atlas.id()).status()).isEqualTo(401);
        assertThat(anonymous.post("/api/exhibitors/" + atlas.id() + "/submit", null).status()).isEqualTo(401);
        assertThat(organizer.post("/api/exhibitors/" + atlas.id() + "/submit", null).status())
                .as("the organizer reviews, it does not apply").isEqualTo(403);
        assertThat(atlas.admin().get("/api/exhibitors/" + atlas.id()).field("status")).isEqualTo("DRAFT");
        assertThat(organizer.get("/api/exhibitors/" + atlas.id()).field("status")).isEqualTo("DRAFT");
    }

    @Test
    void a_rejection_reaches_the_applicant_with_its_reason() {
        Applicant applicant = apply(openEdition());
        applicant.admin().post("/api/exhibitors/" + applicant.id() + "/submit", null);
        assertThat(organizer.post("/api/exhibitors/" + applicant.id() + "/reject", "{}").status()).as("a reason is required").isEqualTo(400);
        HttpJson.Answer rejected = organizer.post("/api/exhibitors/" + applicant.id() + "/reject",
                "{\"reason\":\"Le hall mobilité est complet\"}");
        assertThat(rejected.field("status")).isEqualTo("REJECTED");
        await().atMost(WAIT).until(() -> TestMailServer.messagesTo(applicant.email()).size() == 2);
        assertThat(TestMailServer.body(TestMailServer.messagesTo(applicant.email()).get(1))).contains("Le hall mobilit");
        assertThat(applicant.admin().post("/api/exhibitors/" + applicant.id() + "/submit", null).status()).isEqualTo(409);
    }

    @Test
    void the_admin_completes_the_profile_but_cannot_set_what_the_organizer_decides() {
        Applicant applicant = apply(openEdition());
        String path = "/api/exhibitors/" + applicant.id();
        applicant.admin().post(path + "/submit", null);

        HttpJson.Answer changed = applicant.admin().patch(path,
                "{\"sector\":\"E_GOVERNMENT\",\"legalId\":\"001234567000089\",\"requestedSeats\":6}");
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json().get("profile").get("sector").asString()).isEqualTo("E_GOVERNMENT");
        assertThat(changed.json().get("profile").get("companyName").asString()).isEqualTo("Atlas Mobility");
        assertThat(changed.json().get("history").findValuesAsString("detail")).contains("profile: legalId, sector, requestedSeats");
        exhibitorTopic.await(record -> applicant.id().equals(record.key()) && record.value().contains("ExhibitorUpdated"), WAIT);

        for (String refused : List.of("{\"status\":\"APPROVED\"}", "{\"seats\":40}", "{\"boothCode\":\"A1\"}",
                "{\"id\":\"x\"}", "{\"contactEmail\":\"other@x.ma\"}")) {
            HttpJson.Answer answer = applicant.admin().patch(path, refused);
            assertThat(answer.status()).as(refused).isEqualTo(400);
            assertThat(answer.json().get("errors")).as(refused).hasSize(1);
        }
        assertThat(applicant.admin().patch(path, "{\"legalId\":\"12-34\"}").json().get("errors").findValuesAsString("field"))
                .containsExactly("legalId");
        assertThat(applicant.admin().patch(path, "{\"sector\":\"BAKERY\"}").json().get("errors").findValuesAsString("field"))
                .containsExactly("sector");
        assertThat(applicant.admin().patch(path, "{\"requestedSeats\":-2}").status()).isEqualTo(400);
        assertThat(organizer.patch(path, "{\"sector\":\"OTHER\"}").status()).as("the organizer does not edit profiles").isEqualTo(403);
        assertThat(applicant.admin().get(path).field("status")).isEqualTo("SUBMITTED");
    }

    @Test
    void an_address_with_an_account_cannot_apply_again() {
        String edition = openEdition();
        String email = "twice-" + UUID.randomUUID() + "@atlas-mobility.ma";
        assertThat(anonymous.post("/api/editions/" + edition + "/exhibitors", applicationBody(email)).status()).isEqualTo(201);
        HttpJson.Answer again = anonymous.post("/api/editions/" + edition + "/exhibitors",
                applicationBody(email).replace(PASSWORD, "another-long-passphrase"));
        assertThat(again.status()).isEqualTo(409);
    }

    @Test
    void a_step_the_state_does_not_allow_answers_409_and_publishes_nothing() {
        Applicant applicant = apply(openEdition());
        String exhibitor = applicant.id();
        HttpJson.Answer refused = organizer.post("/api/exhibitors/" + exhibitor + "/approve", null);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.field("detail")).contains("DRAFT");

        applicant.admin().post("/api/exhibitors/" + exhibitor + "/withdraw", null);
        exhibitorTopic.await(record -> exhibitor.equals(record.key()) && record.value().contains("ExhibitorWithdrawn"), WAIT);
        assertThat(exhibitorTopic.all(record -> exhibitor.equals(record.key())))
                .extracting(record -> json.readTree(record.value()).get("type").asString())
                .containsExactly("ExhibitorApplied", "ExhibitorWithdrawn");
    }

    @Test
    void bad_input_gets_a_problem_detail_and_creates_nothing() {
        String edition = openEdition();
        long before = mongo.getCollection("exhibitors").countDocuments();

        HttpJson.Answer missingFields = anonymous.post("/api/editions/" + edition + "/exhibitors",
                "{\"companyName\":\"\",\"contactEmail\":\"not-an-email\",\"country\":\"Morocco\"}");
        assertThat(missingFields.status()).isEqualTo(400);
        assertThat(missingFields.contentType()).startsWith("application/problem+json");
        assertThat(missingFields.json().get("errors").findValuesAsString("field"))
                .contains("companyName", "contactName", "contactEmail", "country");

        HttpJson.Answer brokenJson = anonymous.post("/api/editions/" + edition + "/exhibitors", "{\"companyName\": ");
        assertThat(brokenJson.status()).isEqualTo(400);
        assertThat(brokenJson.contentType()).startsWith("application/problem+json");

        HttpJson.Answer wrongType = anonymous.post("/api/editions/" + edition + "/exhibitors",
                "{\"companyName\":\"X\",\"contactName\":\"Y\",\"contactEmail\":\"y@x.ma\",\"salesEmails\":\"not-a-list\"}");
        assertThat(wrongType.status()).isEqualTo(400);

        assertThat(anonymous.post("/api/editions/" + UUID.randomUUID() + "/exhibitors",
                applicationBody("nobody-" + UUID.randomUUID() + "@x.ma")).status()).isEqualTo(404);
        assertThat(organizer.get("/api/exhibitors/" + UUID.randomUUID()).status()).isEqualTo(404);
        HttpJson.Answer weakPassword = anonymous.post("/api/editions/" + edition + "/exhibitors",
                applicationBody("weak-" + UUID.randomUUID() + "@x.ma").replace(PASSWORD, "short"));
        assertThat(weakPassword.status()).isEqualTo(400);
        assertThat(weakPassword.json().get("errors").findValuesAsString("field")).containsExactly("password");
        assertThat(mongo.getCollection("exhibitors").countDocuments()).isEqualTo(before);
    }

    @Test
    void an_event_saved_but_not_yet_published_goes_out_after_a_crash() {
        // What a process that died between its MongoDB write and the publish leaves behind:
        // the change saved with its event still pending in the document.
        String exhibitor = UUID.randomUUID().toString();
        String eventId = UUID.randomUUID().toString();
        String event = json.writeValueAsString(Map.of(
                "eventId", eventId, "type", "ExhibitorApplied", "version", 1, "occurredAt", "2026-11-24T09:00:00Z",
                "editionId", "edition-1", "aggregateId", exhibitor,
                "payload", Map.of("exhibitorId", exhibitor, "editionId", "edition-1", "revision", 1,
                        "status", "DRAFT", "companyName", "Left Behind SARL")));
        mongo.insert(new Document("_id", exhibitor).append("editionId", "edition-1")
                .append("outbox", List.of(new Document("eventId", eventId).append("topic", Topics.EXHIBITORS)
                        .append("key", exhibitor).append("json", event))), "exhibitors");

        relays.relayAll();

        ConsumerRecord<String, String> published = exhibitorTopic.await(record -> exhibitor.equals(record.key()), WAIT);
        assertThat(published.value()).contains(eventId);
        Document after = mongo.findById(exhibitor, Document.class, "exhibitors");
        assertThat(after.getList("outbox", Document.class)).isEmpty();
        relays.relayAll();
        assertThat(exhibitorTopic.all(record -> exhibitor.equals(record.key()))).hasSize(1);
    }

    private String openEdition() {
        HttpJson.Answer created = organizer.post("/api/editions", editionBody());
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.field("timeZone")).isEqualTo("Africa/Casablanca");
        return created.field("id");
    }

    /** An applicant: the exhibitor created by the application and a client signed in as its admin. */
    record Applicant(String id, String email, HttpJson admin) {
    }

    private Applicant apply(String edition) {
        String email = "salma-" + UUID.randomUUID() + "@atlas-mobility.ma";
        HttpJson.Answer applied = anonymous.post("/api/editions/" + edition + "/exhibitors", applicationBody(email));
        assertThat(applied.status()).isEqualTo(201);
        assertThat(applied.field("status")).isEqualTo("DRAFT");
        assertThat(applied.text()).doesNotContain(PASSWORD);
        return new Applicant(applied.field("id"), email, anonymous.signedIn(email, PASSWORD));
    }

    private static String editionBody() {
        return HttpJson.json(Map.of("name", "Smart City Expo Casablanca 2026", "venue", "OFEC Casablanca",
                "startDate", "2026-11-24", "endDate", "2026-11-26"));
    }

    private static String applicationBody(String contactEmail) {
        return HttpJson.json(Map.of("companyName", "Atlas Mobility", "contactName", "Salma Benali",
                "contactEmail", contactEmail, "country", "MA", "language", "fr",
                "salesEmails", List.of("sales@atlas-mobility.ma"), "password", PASSWORD));
    }
}
