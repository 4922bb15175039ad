package io.expoleads.testsupport;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Makes a listener read its topic again from the first record, as after a lost offset commit or an
 * operator's reset: stops the listener's container, moves its consumer group to offset zero on every
 * partition, starts it again and waits until it has caught up with the records there were.
 */
public final class ConsumerGroupRewind {

    private ConsumerGroupRewind() {
    }

    public static void replayFromTheBeginning(String bootstrapServers, String group, String topic,
                                              MessageListenerContainer container, Duration timeout)
            throws ExecutionException, InterruptedException {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(config)) {
            List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get()
                    .get(topic).partitions().stream().map(info -> new TopicPartition(topic, info.partition())).toList();
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(
                    partitions.stream().collect(Collectors.toMap(partition -> partition, partition -> OffsetSpec.latest()))).all().get();
            container.stop();
            await().atMost(timeout).until(() -> !container.isRunning());
            Map<TopicPartition, OffsetAndMetadata> zero = partitions.stream()
                    .collect(Collectors.toMap(partition -> partition, partition -> new OffsetAndMetadata(0)));
            // The group may take a moment to be seen empty after its consumer left.
            await().atMost(timeout).ignoreExceptions().until(() -> {
                admin.alterConsumerGroupOffsets(group, zero).all().get();
                return true;
            });
            container.start();
            await().atMost(timeout).until(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get();
                return ends.entrySet().stream().allMatch(end -> committed.get(end.getKey()) != null
                        && committed.get(end.getKey()).offset() >= end.getValue().offset());
            });
        }
    }
}
