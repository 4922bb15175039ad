package io.expoleads.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.expoleads.platform.work.Leases;
import io.expoleads.testsupport.TestInfrastructure;
import net.javacrumbs.shedlock.provider.mongo.MongoLockProvider;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Two instances' outbox relays on one database: each sweeps at its start, and after that the
 * regular sweep runs on one of them per interval, never on both.
 */
class OutboxSweepLeaseIT {

    private static final Duration INTERVAL = Duration.ofMillis(500);

    /** A relay of the test's collection that counts its sweeps. */
    static final class CountedRelay extends OutboxRelay {

        private final AtomicInteger sweeps;

        CountedRelay(MongoTemplate mongo, KafkaTemplate<Object, Object> kafka, AtomicInteger sweeps) {
            super("sweep-lease", mongo, kafka, Duration.ofSeconds(5));
            this.sweeps = sweeps;
        }

        @Override
        public int relayPending() {
            sweeps.incrementAndGet();
            return 0;
        }
    }

    @Test
    void afterTheirStartSweepsTwoInstancesSweepOncePerIntervalBetweenThem() {
        String database = "sweep-" + UUID.randomUUID().toString().substring(0, 8);
        String uri = TestInfrastructure.get().mongoUri(database);
        DefaultKafkaProducerFactory<Object, Object> producers = new DefaultKafkaProducerFactory<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.get().kafkaBootstrapServers()));
        AtomicInteger sweeps = new AtomicInteger();
        try (MongoClient first = MongoClients.create(uri); MongoClient second = MongoClients.create(uri)) {
            KafkaTemplate<Object, Object> kafka = new KafkaTemplate<>(producers);
            OutboxRelays one = relays(first, database, kafka, sweeps);
            OutboxRelays other = relays(second, database, kafka, sweeps);
            long start = System.nanoTime();
            one.start();
            other.start();
            int swept;
            double elapsed;
            try {
                // The start sweeps (one each), then ten regular ones: five intervals or more under one lease, half that without.
                await().atMost(Duration.ofSeconds(30)).until(() -> sweeps.get() >= 12);
                // Counted before stopping: a stop relays once more, on each instance, whatever the lease.
                swept = sweeps.get();
                elapsed = (System.nanoTime() - start) / 1e9;
            } finally {
                one.stop();
                other.stop();
            }
            // The lease keeps regular sweeps at least nine tenths of an interval apart over both instances.
            int mostWithTheLease = 2 + (int) Math.ceil(elapsed / (INTERVAL.toMillis() * 0.9 / 1000)) + 1;
            System.out.printf("Two instances swept %d times in %.1f s at an interval of %d ms (at most %d with the lease)%n",
                    swept, elapsed, INTERVAL.toMillis(), mostWithTheLease);
            assertThat(swept).isLessThanOrEqualTo(mostWithTheLease);
        } finally {
            producers.destroy();
        }
    }

    private static OutboxRelays relays(MongoClient client, String database, KafkaTemplate<Object, Object> kafka, AtomicInteger sweeps) {
        MongoTemplate mongo = new MongoTemplate(client, database);
        return new OutboxRelays(List.of(new CountedRelay(mongo, kafka, sweeps)), INTERVAL,
                new Leases(new MongoLockProvider(client.getDatabase(database))));
    }
}
