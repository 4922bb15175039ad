package io.expoleads.platform.kafka;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Kafka settings shared by every service.
 *
 * @param topics               per-topic settings: the key {@code defaults} for every topic, a topic's
 *                             name (in brackets: {@code expo.kafka.topics[expo.scans.v1].partitions})
 *                             for that topic, {@code dead-letters} for every {@code .DLT}; what is
 *                             left unset comes from {@link TopicDefaults}
 * @param singleBrokerFallback whether topics are created with one replica (and
 *                             {@code min.insync.replicas=1}) when the cluster has a single broker,
 *                             a development one, rather than failing
 * @param retryAttempts        how often a failing record is retried before it goes to its DLT
 * @param retryInterval        the first back-off between retries; it doubles each time
 * @param sessionTimeout       how long a consumer group waits for an instance that stopped answering
 *                             (killed, or its machine gone) before its partitions go to the other
 *                             instances: the time nothing is consumed from them; heartbeats go at a
 *                             third of it. Kafka's default of 45 s held a killed instance's partitions
 *                             for most of a minute; an instance that stops cleanly leaves at once
 */
@ConfigurationProperties("expo.kafka")
public record ExpoKafkaProperties(
        Map<String, TopicSettings> topics,
        @DefaultValue("true") boolean singleBrokerFallback,
        @DefaultValue("4") int retryAttempts,
        @DefaultValue("500ms") Duration retryInterval,
        @DefaultValue("15s") Duration sessionTimeout) {

    public ExpoKafkaProperties {
        if (retryAttempts < 1) {
            // None would dead-letter a record at the first failure, the store being away included.
            throw new IllegalArgumentException("expo.kafka.retry-attempts must be at least 1, not " + retryAttempts);
        }
        topics = topics == null ? Map.of() : Map.copyOf(topics);
    }

    /**
     * One topic's settings; a field left unset falls back to the next more general level.
     *
     * @param partitions        partitions at creation (an existing topic keeps its own count)
     * @param replicas          replication factor
     * @param minInsyncReplicas {@code min.insync.replicas}: replicas that must hold a record before
     *                          an {@code acks=all} write is acknowledged
     * @param retention         {@code retention.ms} of a topic that is not compacted
     */
    public record TopicSettings(Integer partitions, Short replicas, Integer minInsyncReplicas, Duration retention) {

        /** This topic's settings, with what it leaves unset taken from {@code general}. */
        TopicSettings over(TopicSettings general) {
            if (general == null) {
                return this;
            }
            return new TopicSettings(partitions != null ? partitions : general.partitions,
                    replicas != null ? replicas : general.replicas,
                    minInsyncReplicas != null ? minInsyncReplicas : general.minInsyncReplicas,
                    retention != null ? retention : general.retention);
        }
    }
}
