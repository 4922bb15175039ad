package io.expoleads.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.expoleads.testsupport.TestClock;
import io.expoleads.testsupport.TestInfrastructure;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/** The outbox gauges read what waits in the store: how many events, and how old the oldest is. */
class OutboxMetersIT {

    private static final String COLLECTION = "meters";

    @Test
    void the_backlog_counts_waiting_events_and_the_age_is_the_oldest_ones_then_both_fall_to_zero_once_relayed() {
        String database = "outbox-meters-" + UUID.randomUUID().toString().substring(0, 8);
        DefaultKafkaProducerFactory<Object, Object> producers = new DefaultKafkaProducerFactory<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.get().kafkaBootstrapServers()));
        try (MongoClient client = MongoClients.create(TestInfrastructure.get().mongoUri(database))) {
            MongoTemplate mongo = new MongoTemplate(client, database);
            OutboxRelay relay = new OutboxRelay(COLLECTION, mongo, new KafkaTemplate<>(producers), Duration.ofSeconds(5));
            TestClock clock = new TestClock();
            Instant now = Instant.parse("2026-11-24T10:00:00Z");
            clock.set(now);
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            OutboxMeters.register(registry, List.of(relay), clock);

            mongo.insert(new Document("_id", "a").append("outbox", List.of(
                    entry(mongo, now.minusSeconds(30)), entry(mongo, now.minusSeconds(10)))), COLLECTION);
            mongo.insert(new Document("_id", "b").append("outbox", List.of(entry(mongo, now.minusSeconds(5)))), COLLECTION);
            // Written before entries had a time: counted, not aged.
            mongo.insert(new Document("_id", "c").append("outbox", List.of(
                    new Document("eventId", "old").append("topic", "t").append("key", "k").append("json", "{}"))), COLLECTION);
            mongo.insert(new Document("_id", "d").append("outbox", List.of()), COLLECTION);

            assertThat(backlog(registry)).isEqualTo(4);
            assertThat(oldestAge(registry)).isEqualTo(30);

            mongo.updateMulti(Query.query(Criteria.where("_id").in("a", "b", "c")), new Update().set("outbox", List.of()), COLLECTION);
            assertThat(backlog(registry)).as("one look serves a few seconds").isEqualTo(4);
            clock.moveForward(Duration.ofSeconds(6));
            assertThat(backlog(registry)).isZero();
            assertThat(oldestAge(registry)).isZero();
        } finally {
            producers.destroy();
        }
    }

    /** An entry as the service writes it, through the store's converter (writtenAt included). */
    private static Object entry(MongoTemplate mongo, Instant writtenAt) {
        return mongo.getConverter().convertToMongoType(new OutboxEntry(UUID.randomUUID().toString(), "expo.test.v1", "key", "{}", writtenAt));
    }

    private static double backlog(SimpleMeterRegistry registry) {
        return registry.get("expo.outbox.backlog").tag("collection", COLLECTION).gauge().value();
    }

    private static double oldestAge(SimpleMeterRegistry registry) {
        return registry.get("expo.outbox.oldest.age").tag("collection", COLLECTION).gauge().value();
    }
}
