package io.expoleads.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The cluster mode's Kafka: three KRaft nodes from the Maven Central jars, each broker and
 * controller. A topic gets three replicas and needs two in sync; one node killed with SIGKILL,
 * writes with {@code acks=all} go on, and after its restart nothing acknowledged is missing.
 */
class KafkaClusterIT {

    @Test
    void three_nodes_keep_taking_acknowledged_writes_while_one_is_killed_and_lose_none() throws Exception {
        Path data = Files.createTempDirectory("expo-kafka-cluster");
        List<int[]> ports = new ArrayList<>();
        for (int n = 0; n < 3; n++) {
            ports.add(new int[] {TestStacks.freePort(), TestStacks.freePort()});
        }
        List<KafkaBroker> nodes = KafkaBroker.launchCluster(data, ports, data.resolve("logs"));
        String bootstrap = KafkaBroker.bootstrapOf(ports);
        String topic = "cluster.test." + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            nodes.get(0).awaitNodes(3, Duration.ofMinutes(2));
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 3))).all().get();
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            // The controller acknowledges a new topic before every broker's metadata has it, and the
            // admin client asks any broker: one that has not caught up yet answers that it does not know it.
            await().atMost(Duration.ofSeconds(30)).ignoreExceptionsMatching(KafkaClusterIT::unknownTopic).untilAsserted(() -> {
                var config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
                assertThat(config.get("min.insync.replicas").value()).isEqualTo("2");
                assertThat(config.get("unclean.leader.election.enable").value()).isEqualTo("false");
            });

            Set<String> acknowledged = new HashSet<>();
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000),
                    new StringSerializer(), new StringSerializer())) {
                send(producer, topic, 500, acknowledged);
                KafkaBroker killed = nodes.get(1);
                Instant kill = Instant.now();
                assertThat(ProcessHandle.of(killed.pid()).orElseThrow().destroyForcibly()).isTrue();
                await().atMost(Duration.ofSeconds(10)).until(() -> !killed.isAlive());
                send(producer, topic, 500, acknowledged);
                System.out.printf("One of three Kafka nodes killed with SIGKILL: 500 writes (acks=all) acknowledged %.1f s later%n",
                        Duration.between(kill, Instant.now()).toMillis() / 1000.0);
                killed.restart();
                Instant restart = Instant.now();
                // A restarted node answers metadata requests before it has caught up with the topic.
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                        .ignoreExceptionsMatching(KafkaClusterIT::unknownTopic).until(() -> {
                    TopicDescription described = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
                    return described.partitions().stream().allMatch(partition -> partition.isr().size() == 3);
                });
                System.out.printf("The node restarted: every partition has three in-sync replicas again %.1f s later%n",
                        Duration.between(restart, Instant.now()).toMillis() / 1000.0);
                send(producer, topic, 500, acknowledged);
            }
            Set<String> read = new HashSet<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, "cluster-test",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of(topic));
                await().atMost(Duration.ofMinutes(1)).until(() -> {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                        read.add(record.value());
                    }
                    return read.size() >= acknowledged.size();
                });
            }
            assertThat(acknowledged).hasSize(1_500);
            assertThat(read).as("every acknowledged record, once").isEqualTo(acknowledged);
        } finally {
            nodes.forEach(KafkaBroker::close);
        }
    }

    private static boolean unknownTopic(Throwable thrown) {
        return thrown instanceof ExecutionException && thrown.getCause() instanceof UnknownTopicOrPartitionException;
    }

    private static void send(KafkaProducer<String, String> producer, String topic, int records, Set<String> acknowledged)
            throws Exception {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (int i = 0; i < records; i++) {
            String value = UUID.randomUUID().toString();
            values.add(value);
            sent.add(producer.send(new ProducerRecord<>(topic, "exhibitor-" + (i % 8), value)));
        }
        for (int i = 0; i < records; i++) {
            sent.get(i).get();
            acknowledged.add(values.get(i));
        }
    }
}
