package io.expoleads.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.expoleads.events.Topics;
import io.expoleads.platform.kafka.ExpoKafkaProperties.TopicSettings;
import io.expoleads.testsupport.TestInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Topic declarations against the test broker (one broker): created with the configured partitions,
 * {@code min.insync.replicas}, retention and unclean leader election off, one replica instead of
 * three since the broker is alone; an existing topic keeps its partitions.
 */
class TopicDeclarationsIT {

    private static Map<String, Object> adminConfig;
    private static Admin admin;

    @BeforeAll
    static void broker() {
        adminConfig = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.get().kafkaBootstrapServers());
        admin = Admin.create(adminConfig);
    }

    @AfterAll
    static void close() {
        admin.close();
    }

    private static TopicDeclarations declarations(boolean singleBrokerFallback, Map<String, TopicSettings> topics) {
        return new TopicDeclarations(new ExpoKafkaProperties(topics, singleBrokerFallback, 4, Duration.ofMillis(500), Duration.ofSeconds(15)), () -> adminConfig);
    }

    private static void create(List<NewTopic> topics) {
        KafkaAdmin kafkaAdmin = new KafkaAdmin(adminConfig);
        kafkaAdmin.setModifyTopicConfigs(true);
        kafkaAdmin.createOrModifyTopics(topics.toArray(NewTopic[]::new));
    }

    /** The topic as the broker describes it, once the broker knows it (a moment after the controller created it). */
    private static TopicDescription describe(String topic) {
        return await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic), found -> found != null);
    }

    private static Config config(String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
    }

    @Test
    void aSingleBrokerGetsTheConfiguredTopicsWithOneReplicaAndOneInSync() throws Exception {
        String scans = "it-" + System.nanoTime() + "." + Topics.SCANS;
        List<NewTopic> declared = declarations(true, Map.of(scans, new TopicSettings(7, null, null, Duration.ofHours(36)))).declare(scans);
        create(declared);

        TopicDescription topic = describe(scans);
        assertThat(topic.partitions()).hasSize(7);
        assertThat(topic.partitions()).allSatisfy(partition -> assertThat(partition.replicas()).hasSize(1));
        Config config = config(scans);
        assertThat(config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).value()).isEqualTo("1");
        assertThat(config.get(TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG).value()).isEqualTo("false");
        assertThat(config.get(TopicConfig.RETENTION_MS_CONFIG).value()).isEqualTo(Long.toString(Duration.ofHours(36).toMillis()));
        assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo(TopicConfig.CLEANUP_POLICY_DELETE);

        TopicDescription deadLetters = describe(Topics.deadLetter(scans));
        assertThat(deadLetters.partitions()).as("dead letters' built-in count").hasSize(3);
        assertThat(config(Topics.deadLetter(scans)).get(TopicConfig.RETENTION_MS_CONFIG).value())
                .isEqualTo(Long.toString(Duration.ofDays(30).toMillis()));
    }

    @Test
    void anExistingTopicKeepsItsPartitionsAndTakesTheConfiguredSettings() throws Exception {
        String leads = "it-" + System.nanoTime() + "." + Topics.LEADS;
        create(declarations(true, Map.of(leads, new TopicSettings(2, null, null, Duration.ofDays(1)))).declare(leads));
        assertThat(describe(leads).partitions()).hasSize(2);

        List<NewTopic> again = declarations(true, Map.of(leads, new TopicSettings(12, null, null, Duration.ofDays(5)))).declare(leads);
        assertThat(again.get(0).numPartitions()).isEqualTo(2);
        create(again);
        assertThat(describe(leads).partitions()).as("never added: keys would move to other partitions").hasSize(2);
        // The brokers apply a config change from the controller's metadata, a moment after it is accepted.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(config(leads).get(TopicConfig.RETENTION_MS_CONFIG).value())
                .isEqualTo(Long.toString(Duration.ofDays(5).toMillis())));
    }

    @Test
    void withoutTheSingleBrokerFallbackAMissingTopicThatNeedsThreeReplicasStopsTheStart() {
        String deliveries = "it-" + System.nanoTime() + "." + Topics.DELIVERIES;
        assertThatThrownBy(() -> declarations(false, Map.of()).declare(deliveries))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("needs 3 replicas and the cluster has 1 brokers");
    }

    @Test
    void minInsyncReplicasAboveTheReplicationFactorIsRefused() {
        assertThatThrownBy(() -> declarations(true, Map.of("defaults", new TopicSettings(null, (short) 2, 3, null))).declare("it-x"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("min.insync.replicas 3");
    }
}
