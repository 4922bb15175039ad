package io.expoleads.exhibitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import io.expoleads.events.Topics;
import io.expoleads.platform.outbox.OutboxRelay;
import io.expoleads.platform.outbox.OutboxRelays;
import io.expoleads.testsupport.HttpJson;
import io.expoleads.testsupport.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.SendResult;

/**
 * The relay dies after Kafka took an event but before the event left the exhibitor's document.
 * After a restart the event goes out again, with the same id: every change is published, and a
 * repeat is recognisable by its id.
 */
class OutboxCrashIT extends ExhibitorServiceIT {

    @Autowired
    OutboxRelays relays;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    ProducerFactory<Object, Object> producers;

    /** Publishes for real, then dies before the relay can remove what it published. */
    static final class DyingAfterPublish extends KafkaTemplate<Object, Object> {

        DyingAfterPublish(ProducerFactory<Object, Object> producers) {
            super(producers);
        }

        @Override
        public CompletableFuture<SendResult<Object, Object>> send(String topic, Object key, Object data) {
            super.send(topic, key, data).join();
            throw new IllegalStateException("the relay's process died right after the publish");
        }
    }

    @Test
    void an_event_published_but_not_removed_before_a_crash_goes_out_again_with_the_same_id() {
        HttpJson anonymous = new HttpJson("http://localhost:" + port);
        HttpJson organizer = anonymous.signedIn("organizer", "organizer-secret-for-tests");
        String edition = organizer.post("/api/editions", HttpJson.json(Map.of("name", "Edition", "venue", "OFEC",
                "startDate", "2026-11-24", "endDate", "2026-11-26"))).field("id");

        relays.stop();
        String exhibitor;
        try {
            String email = "admin-" + UUID.randomUUID() + "@atlas.example";
            exhibitor = anonymous.post("/api/editions/" + edition + "/exhibitors", HttpJson.json(Map.of("companyName", "Atlas Mobility",
                    "contactName", "Salma", "contactEmail", email, "password", "admin-passphrase-1"))).field("id");
            anonymous.signedIn(email, "admin-passphrase-1").post("/api/exhibitors/" + exhibitor + "/submit", null);
            assertThat(pending(exhibitor)).as("both changes saved, with their events").hasSize(2);

            OutboxRelay dying = new OutboxRelay("exhibitors", mongo, new DyingAfterPublish(producers), Duration.ofSeconds(10));
            assertThatThrownBy(dying::relayPending).hasMessageContaining("died");
            assertThat(pending(exhibitor)).as("published, yet still in the document").hasSize(2);
        } finally {
            relays.start();
        }
        relays.relayAll();
        assertThat(pending(exhibitor)).isEmpty();
        String id = exhibitor;

        try (TopicReader topic = new TopicReader(infrastructure.kafkaBootstrapServers(), Topics.EXHIBITORS)) {
            topic.await(record -> id.equals(record.key()) && record.value().contains("ExhibitorSubmitted"), Duration.ofSeconds(30));
            List<ConsumerRecord<String, String>> published = topic.all(record -> id.equals(record.key()));
            List<String> eventIds = published.stream().map(record -> json.readTree(record.value()).get("eventId").asString()).toList();
            Set<String> distinct = Set.copyOf(eventIds);
            assertThat(distinct).as("one id per change").hasSize(2);
            assertThat(eventIds).as("the first event went out twice, under its own id").hasSize(3);
            assertThat(published.stream().map(record -> json.readTree(record.value()).get("type").asString())
                    .collect(Collectors.toSet())).containsExactlyInAnyOrder("ExhibitorApplied", "ExhibitorSubmitted");
        }
    }

    private List<Document> pending(String exhibitor) {
        Document stored = mongo.findById(exhibitor, Document.class, "exhibitors");
        return stored.getList("outbox", Document.class, List.of());
    }
}
