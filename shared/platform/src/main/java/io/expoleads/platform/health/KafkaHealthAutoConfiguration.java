package io.expoleads.platform.health;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.Node;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Kafka health for the readiness probe: neither Boot nor Spring Kafka ships one. A short
 * {@code describeCluster} through one long-lived admin client says whether a broker answers.
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@ConditionalOnBean(KafkaAdmin.class)
public class KafkaHealthAutoConfiguration {

    @Bean(name = "kafkaHealthIndicator")
    @ConditionalOnMissingBean(name = "kafkaHealthIndicator")
    KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin admin) {
        return new KafkaHealthIndicator(admin, Duration.ofSeconds(2));
    }

    /** Up when the cluster names its controller and at least one broker within the timeout. */
    public static final class KafkaHealthIndicator extends AbstractHealthIndicator implements DisposableBean {

        private final KafkaAdmin admin;
        private final Duration timeout;
        private Admin client;

        KafkaHealthIndicator(KafkaAdmin admin, Duration timeout) {
            super("Kafka health check failed");
            this.admin = admin;
            this.timeout = timeout;
        }

        @Override
        protected void doHealthCheck(Health.Builder builder) throws Exception {
            DescribeClusterResult cluster = client().describeCluster(
                    new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()));
            Collection<Node> nodes = cluster.nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            String clusterId = cluster.clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            (nodes.isEmpty() ? builder.down() : builder.up())
                    .withDetail("clusterId", clusterId)
                    .withDetail("brokers", nodes.size());
        }

        private synchronized Admin client() {
            if (client == null) {
                Map<String, Object> config = new HashMap<>(admin.getConfigurationProperties());
                config.put(AdminClientConfig.CLIENT_ID_CONFIG, "health");
                config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
                config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
                client = Admin.create(config);
            }
            return client;
        }

        @Override
        public synchronized void destroy() {
            if (client != null) {
                client.close(Duration.ofSeconds(1));
            }
        }
    }
}
