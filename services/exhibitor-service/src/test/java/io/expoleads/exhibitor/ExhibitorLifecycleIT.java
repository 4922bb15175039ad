package io.expoleads.exhibitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.expoleads.events.Topics;
import io.expoleads.platform.outbox.OutboxRelays;
import io.expoleads.testsupport.ExpoTestInfrastructure;
import io.expoleads.testsupport.HttpJson;
import io.expoleads.testsupport.TestInfrastructure;
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
        String exhibitor = apply(edition);
        assertThat(anonymous.post("/api/exhibitors/" + exhibitor + "/submit", null).status()).isEqualTo(200);
        HttpJson.Answer approved = organizer.post("/api/exhibitors/" + exhibitor + "/approve", null);
        assertThat(approved.status()).isEqualTo(200);
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

        String exhibitor = apply(openEdition());
        anonymous.post("/api/exhibitors/" + exhibitor + "/submit", null);
        assertThat(anonymous.post("/api/exhibitors/" + exhibitor + "/approve", null).status()).isEqualTo(401);
        assertThat(anonymous.get("/api/exhibitors/" + exhibitor).field("status")).isEqualTo("SUBMITTED");
    }

    @Test
    void a_step_the_state_does_not_allow_answers_409_and_publishes_nothing() {
        String exhibitor = apply(openEdition());
        HttpJson.Answer refused = organizer.post("/api/exhibitors/" + exhibitor + "/approve", null);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.field("detail")).contains("DRAFT");

        anonymous.post("/api/exhibitors/" + exhibitor + "/withdraw", null);
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

        assertThat(anonymous.post("/api/editions/" + UUID.randomUUID() + "/exhibitors", applicationBody()).status()).isEqualTo(404);
        assertThat(anonymous.get("/api/exhibitors/" + UUID.randomUUID()).status()).isEqualTo(404);
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

    private String apply(String edition) {
        HttpJson.Answer applied = anonymous.post("/api/editions/" + edition + "/exhibitors", applicationBody());
        assertThat(applied.status()).isEqualTo(201);
        assertThat(applied.field("status")).isEqualTo("DRAFT");
        return applied.field("id");
    }

    private static String editionBody() {
        return HttpJson.json(Map.of("name", "Smart City Expo Casablanca 2026", "venue", "OFEC Casablanca",
                "startDate", "2026-11-24", "endDate", "2026-11-26"));
    }

    private static String applicationBody() {
        return HttpJson.json(Map.of("companyName", "Atlas Mobility", "contactName", "Salma Benali",
                "contactEmail", "salma@atlas-mobility.ma", "country", "MA", "language", "fr",
                "salesEmails", List.of("sales@atlas-mobility.ma")));
    }
}
