package io.expoleads.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.expoleads.testsupport.HttpJson;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/**
 * {@code --cluster}, as a user starts it: three Kafka nodes, the contract topics with three
 * replicas and two in sync; one node killed with SIGKILL and scans are still accepted.
 */
class ClusterModeIT {

    @Test
    void the_cluster_mode_replicates_the_topics_and_takes_scans_with_a_kafka_node_down() throws Exception {
        Path data = Files.createTempDirectory("expo-cluster");
        int kafkaBase = freePortRange(6);
        int webPort = freePort();
        Launcher launcher = Launcher.launch(data, List.of("--cluster",
                "--kafka-port=" + kafkaBase, "--kafka-controller-port=" + (kafkaBase + 1), "--mongo-port=" + freePort(),
                "--smtp-port=" + freePort(), "--imap-port=" + freePort(),
                "--exhibitor-port=" + freePort(), "--lead-port=" + freePort(), "--notification-port=" + freePort(),
                "--web-port=" + webPort));
        try {
            String bootstrap = "localhost:" + kafkaBase + ",localhost:" + (kafkaBase + 2) + ",localhost:" + (kafkaBase + 4);
            assertThat(launcher.output()).contains(bootstrap, "three nodes");
            Properties credentials = new Properties();
            try (var in = Files.newInputStream(data.resolve("local-credentials.properties"))) {
                credentials.load(in);
            }
            DeviceBooth booth = DeviceBooth.open("http://localhost:" + webPort, credentials.getProperty("organizer.username"),
                    credentials.getProperty("organizer.password"), "cluster.example", 5);
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                TopicDescription scans = admin.describeTopics(List.of("expo.scans.v1")).allTopicNames().get().get("expo.scans.v1");
                assertThat(scans.partitions()).allSatisfy(partition -> assertThat(partition.replicas()).hasSize(3));
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "expo.scans.v1");
                assertThat(admin.describeConfigs(List.of(resource)).all().get().get(resource).get("min.insync.replicas").value())
                        .isEqualTo("2");
            }

            ProcessHandle node = launcher.process().children()
                    .filter(child -> child.info().commandLine().orElse("").contains("kafka-2"))
                    .findFirst().orElseThrow();
            Instant kill = Instant.now();
            assertThat(node.destroyForcibly()).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> !node.isAlive());
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).until(() -> {
                HttpJson.Answer scan = booth.device().post("/api/scans", HttpJson.json(booth.scan(1)));
                return scan.status() == 202 && "ACCEPTED".equals(scan.field("status"));
            });
            System.out.printf("--cluster: a Kafka node killed with SIGKILL, a scan accepted %.1f s later%n",
                    Duration.between(kill, Instant.now()).toMillis() / 1000.0);
        } finally {
            launcher.stopQuietly();
        }
    }

    /** The first of {@code count} consecutive free ports. */
    private static int freePortRange(int count) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int first = freePort();
            boolean free = true;
            for (int port = first; port < first + count && free; port++) {
                try (ServerSocket socket = new ServerSocket(port)) {
                    free = true;
                } catch (IOException taken) {
                    free = false;
                }
            }
            if (free && first + count < 65535) {
                return first;
            }
        }
        throw new IllegalStateException("no range of " + count + " free ports");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
