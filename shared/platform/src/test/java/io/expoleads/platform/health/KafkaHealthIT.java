package io.expoleads.platform.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import io.expoleads.platform.health.KafkaHealthAutoConfiguration.KafkaHealthIndicator;
import io.expoleads.testsupport.TestInfrastructure;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.kafka.core.KafkaAdmin;

/** Kafka's part of readiness: UP with a broker that answers, DOWN within the timeout without one. */
class KafkaHealthIT {

    @Test
    void up_with_the_broker_down_without_one_and_never_slower_than_the_timeout() throws IOException {
        KafkaHealthIndicator present = new KafkaHealthIndicator(new KafkaAdmin(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.get().kafkaBootstrapServers())), Duration.ofSeconds(2));
        KafkaHealthIndicator absent = new KafkaHealthIndicator(new KafkaAdmin(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + closedPort())), Duration.ofSeconds(2));
        try {
            Health up = present.health(true);
            assertThat(up.getStatus()).isEqualTo(Status.UP);
            assertThat(up.getDetails()).containsKey("clusterId").containsEntry("brokers", 1);

            long started = System.nanoTime();
            assertThat(absent.health(true).getStatus()).isEqualTo(Status.DOWN);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        } finally {
            present.destroy();
            absent.destroy();
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
