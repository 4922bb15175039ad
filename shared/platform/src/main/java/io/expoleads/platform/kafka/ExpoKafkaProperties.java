package io.expoleads.platform.kafka;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Kafka settings shared by every service.
 *
 * @param partitions        partitions of every topic a service declares
 * @param replicas          replication factor of those topics (1 on a laptop, 3 in production)
 * @param retryAttempts     how often a failing record is retried before it goes to its DLT
 * @param retryInterval     the first back-off between retries; it doubles each time
 */
@ConfigurationProperties("expo.kafka")
public record ExpoKafkaProperties(
        @DefaultValue("3") int partitions,
        @DefaultValue("1") short replicas,
        @DefaultValue("4") int retryAttempts,
        @DefaultValue("500ms") Duration retryInterval) {
}
