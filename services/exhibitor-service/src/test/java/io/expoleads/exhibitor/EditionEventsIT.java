package io.expoleads.exhibitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

import io.expoleads.events.Contract;
import io.expoleads.events.EventTypes;
import io.expoleads.events.Topics;
import io.expoleads.testsupport.HttpJson;
import io.expoleads.testsupport.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Opening and changing an edition publishes it on {@code expo.editions.v1}, one event per
 * revision, from the edition's outbox; a refused change publishes nothing.
 */
class EditionEventsIT extends ExhibitorServiceIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    MongoTemplate mongo;

    @Test
    void opening_and_changing_an_edition_publishes_each_revision_with_its_dates_and_time_zone() {
        HttpJson.Answer opened = organizer.post("/api/editions", HttpJson.json(Map.of("name", "Smart City Expo Casablanca 2026",
                "venue", "OFEC", "startDate", "2026-11-24", "endDate", "2026-11-26", "timeZone", "Africa/Casablanca")));
        assertThat(opened.status()).as(opened.text()).isEqualTo(201);
        String edition = opened.field("id");
        assertThat(opened.json().get("revision").asLong()).isEqualTo(1);
        assertThat(opened.json().has("outbox")).as("pending events stay inside").isFalse();

        HttpJson.Answer changed = organizer.patch("/api/editions/" + edition,
                "{\"name\":\"Smart City Expo Casablanca 2026 (extended)\",\"endDate\":\"2026-11-27\",\"timeZone\":\"Europe/Paris\"}");
        assertThat(changed.status()).as(changed.text()).isEqualTo(200);
        assertThat(changed.json().get("revision").asLong()).isEqualTo(2);

        HttpJson.Answer read = anonymous.get("/api/editions/" + edition);
        assertThat(read.json().get("revision").asLong()).isEqualTo(2);
        assertThat(read.json().has("outbox")).isFalse();
        assertThat(read.field("venue")).isEqualTo("OFEC");

        try (TopicReader topic = new TopicReader(infrastructure.kafkaBootstrapServers(), Topics.EDITIONS)) {
            topic.await(record -> edition.equals(record.key()) && record.value().contains(EventTypes.EDITION_CHANGED), WAIT);
            List<JsonNode> events = topic.all(record -> edition.equals(record.key())).stream()
                    .map(record -> json.readTree(record.value())).toList();
            assertThat(events).hasSize(2);

            JsonNode first = events.get(0);
            assertThat(first.get("type").asString()).isEqualTo(EventTypes.EDITION_OPENED);
            assertThat(first.get("eventId").asString())
                    .isEqualTo(Contract.deterministicId(Topics.EDITIONS, edition, "1").toString());
            assertThat(first.get("editionId").asString()).isEqualTo(edition);
            assertThat(first.get("aggregateId").asString()).isEqualTo(edition);
            JsonNode openedView = first.get("payload");
            assertThat(openedView.get("editionId").asString()).isEqualTo(edition);
            assertThat(openedView.get("revision").asLong()).isEqualTo(1);
            assertThat(openedView.get("name").asString()).isEqualTo("Smart City Expo Casablanca 2026");
            assertThat(openedView.get("startDate").asString()).isEqualTo("2026-11-24");
            assertThat(openedView.get("endDate").asString()).isEqualTo("2026-11-26");
            assertThat(openedView.get("timeZone").asString()).isEqualTo("Africa/Casablanca");

            JsonNode second = events.get(1);
            assertThat(second.get("type").asString()).isEqualTo(EventTypes.EDITION_CHANGED);
            assertThat(second.get("eventId").asString())
                    .isEqualTo(Contract.deterministicId(Topics.EDITIONS, edition, "2").toString());
            JsonNode changedView = second.get("payload");
            assertThat(changedView.get("revision").asLong()).isEqualTo(2);
            assertThat(changedView.get("name").asString()).isEqualTo("Smart City Expo Casablanca 2026 (extended)");
            assertThat(changedView.get("startDate").asString()).isEqualTo("2026-11-24");
            assertThat(changedView.get("endDate").asString()).isEqualTo("2026-11-27");
            assertThat(changedView.get("timeZone").asString()).isEqualTo("Europe/Paris");
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(pending(edition)).as("the relay emptied the outbox").isEmpty());
    }

    @Test
    void an_edition_opened_without_a_time_zone_is_in_casablancas() {
        String edition = onboarding.edition(List.of());
        assertThat(organizer.get("/api/editions/" + edition).field("timeZone")).isEqualTo("Africa/Casablanca");
        try (TopicReader topic = new TopicReader(infrastructure.kafkaBootstrapServers(), Topics.EDITIONS)) {
            ConsumerRecord<String, String> opened = topic.await(record -> edition.equals(record.key()), WAIT);
            assertThat(json.readTree(opened.value()).get("payload").get("timeZone").asString()).isEqualTo("Africa/Casablanca");
        }
    }

    @Test
    void a_refused_or_empty_change_publishes_nothing_and_changes_nothing() {
        String edition = onboarding.edition(List.of("Hall 1"));
        Map<String, String> refused = Map.of(
                "{\"timeZone\":\"Mars/Olympus\"}", "timeZone",
                "{\"timeZone\":\"+01:00\"}", "timeZone",
                "{\"timeZone\":\"\"}", "timeZone",
                "{\"endDate\":\"2026-11-01\"}", "endDate",
                "{\"startDate\":\"2026-12-01\"}", "endDate",
                "{\"name\":\"   \"}", "name",
                "{\"revision\":7}", "revision");
        refused.forEach((body, field) -> {
            HttpJson.Answer answer = organizer.patch("/api/editions/" + edition, body);
            assertThat(answer.status()).as(body + " " + answer.text()).isEqualTo(400);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.json().get("errors").findValuesAsString("field")).as(body).containsExactly(field);
        });
        HttpJson.Answer noSuchDay = organizer.patch("/api/editions/" + edition, "{\"startDate\":\"2026-13-40\"}");
        assertThat(noSuchDay.status()).isEqualTo(400);
        assertThat(noSuchDay.contentType()).startsWith("application/problem+json");
        assertThat(organizer.post("/api/editions", HttpJson.json(Map.of("name", "Edition", "venue", "OFEC",
                "startDate", "2026-11-24", "endDate", "2026-11-26", "timeZone", "Casablanca"))).status()).isEqualTo(400);

        HttpJson.Answer same = organizer.patch("/api/editions/" + edition,
                "{\"name\":\"Smart City Expo Casablanca 2026\",\"halls\":[\"Hall 1\"]}");
        assertThat(same.status()).isEqualTo(200);
        assertThat(same.json().get("revision").asLong()).as("nothing changed").isEqualTo(1);
        HttpJson.Answer unchanged = organizer.get("/api/editions/" + edition);
        assertThat(unchanged.json().get("revision").asLong()).isEqualTo(1);
        assertThat(unchanged.field("timeZone")).isEqualTo("Africa/Casablanca");
        assertThat(unchanged.field("endDate")).isEqualTo("2026-11-26");
        assertThat(unchanged.field("name")).isEqualTo("Smart City Expo Casablanca 2026");

        // A valid change afterwards: once it is out, whatever the refused ones had written would be out too.
        assertThat(organizer.patch("/api/editions/" + edition, "{\"venue\":\"OFEC Casablanca\"}").status()).isEqualTo(200);
        try (TopicReader topic = new TopicReader(infrastructure.kafkaBootstrapServers(), Topics.EDITIONS)) {
            topic.await(record -> edition.equals(record.key()) && record.value().contains(EventTypes.EDITION_CHANGED), WAIT);
            List<String> types = topic.all(record -> edition.equals(record.key())).stream()
                    .map(record -> json.readTree(record.value()).get("type").asString()).toList();
            assertThat(types).containsExactly(EventTypes.EDITION_OPENED, EventTypes.EDITION_CHANGED);
        }
        assertThat(organizer.patch("/api/editions/does-not-exist", "{\"venue\":\"OFEC\"}").status()).isEqualTo(404);
    }

    @Test
    void concurrent_changes_each_get_a_revision_of_their_own() throws Exception {
        String edition = onboarding.edition(List.of());
        int writers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<HttpJson.Answer>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < writers; i++) {
                String hall = "Hall " + i;
                answers.add(pool.submit(() -> organizer.patch("/api/editions/" + edition,
                        HttpJson.json(Map.of("halls", List.of(hall))))));
            }
            List<Long> revisions = new ArrayList<>();
            for (Future<HttpJson.Answer> answer : answers) {
                HttpJson.Answer done = answer.get();
                assertThat(done.status()).as(done.text()).isIn(200, 409);
                if (done.status() == 200) {
                    revisions.add(done.json().get("revision").asLong());
                }
            }
            assertThat(revisions).as("no two changes share a revision").doesNotHaveDuplicates().isNotEmpty();
            long last = organizer.get("/api/editions/" + edition).json().get("revision").asLong();
            assertThat(last).isEqualTo(1 + revisions.size());

            try (TopicReader topic = new TopicReader(infrastructure.kafkaBootstrapServers(), Topics.EDITIONS)) {
                topic.await(record -> edition.equals(record.key())
                        && json.readTree(record.value()).get("payload").get("revision").asLong() == last, WAIT);
                List<Long> published = topic.all(record -> edition.equals(record.key())).stream()
                        .map(record -> json.readTree(record.value()).get("payload").get("revision").asLong()).toList();
                assertThat(published).as("every revision once, in order")
                        .containsExactlyElementsOf(LongStream.rangeClosed(1, last).boxed().toList());
            }
        } finally {
            pool.shutdown();
        }
    }

    private List<Document> pending(String edition) {
        return mongo.findById(edition, Document.class, "editions").getList("outbox", Document.class, List.of());
    }
}
