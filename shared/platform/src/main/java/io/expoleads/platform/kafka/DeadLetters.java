package io.expoleads.platform.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import io.expoleads.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.kafka.support.serializer.DeserializationException;

/**
 * Parks a record that cannot be processed in its {@code .DLT}, once per source record however many
 * of this service's consumer groups read the topic.
 *
 * <p>A record that cannot be <em>read</em> (its bytes are no contract envelope) fails every group
 * of the service the same way: they read it with the same deserializer. Kafka gives independent
 * groups no way to agree on who writes, so the choice is made without talking: the group whose id
 * sorts first among this service's listener groups on that topic publishes the dead letter, naming
 * every one of them in {@value #FAILED_BY_GROUPS}; the others log the record's coordinates and go
 * on. Each group keeps at-least-once on its own side (the publishing group commits past the record
 * only once the broker acknowledged the dead letter), and no group waits for another, however far
 * behind or stopped it is. A record a group could read but not <em>process</em> is that group's
 * own failure (another group may have processed it fine and must not be replayed): that group
 * publishes its dead letter, naming itself.
 *
 * <p>What this cannot do: groups of other services reading the same topic are deployed, and fail,
 * independently; each service parks its own dead letter of a record all of them cannot read. The
 * {@code kafka_dlt-original-topic}, {@code -partition} and {@code -offset} headers identify the source
 * record in every case, so counting distinct source records counts problems.
 */
final class DeadLetters {

    /** The header naming, comma-separated, the consumer groups that failed the record. */
    static final String FAILED_BY_GROUPS = "expo_dlt-groups";

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
    private static final int MAX_REASON = 1000;

    private final ObjectProvider<KafkaListenerEndpointRegistry> registry;
    private final DeadLetterPublishingRecoverer publisher;

    DeadLetters(KafkaOperations<Object, Object> template, ObjectProvider<KafkaListenerEndpointRegistry> registry) {
        this.registry = registry;
        // Partition -1 lets the key choose the DLT partition, so a DLT may have any partition count.
        this.publisher = new DeadLetterPublishingRecoverer(template,
                (record, failure) -> new TopicPartition(Topics.deadLetter(record.topic()), -1));
        // Spring's own headers name the outermost exception ("failed to deserialize"); these say why and who.
        publisher.setHeadersFunction((record, failure) -> new RecordHeaders(new Header[] {
                new RecordHeader(ExpoKafkaAutoConfiguration.DEAD_LETTER_REASON, reason(failure).getBytes(StandardCharsets.UTF_8)),
                new RecordHeader(FAILED_BY_GROUPS, String.join(",", failedBy(record.topic(), KafkaUtils.getConsumerGroupId(), failure))
                        .getBytes(StandardCharsets.UTF_8))}));
    }

    /** What the error handler calls once a record's retries are over, on the consumer's own thread. */
    ConsumerRecordRecoverer recoverer() {
        return (record, failure) -> {
            String group = KafkaUtils.getConsumerGroupId();
            List<String> failedBy = failedBy(record.topic(), group, failure);
            if (!failedBy.get(0).equals(group)) {
                log.warn("Skipping {}-{}@{} (key {}), unreadable by every group of this service reading {}: group {} dead-letters it for {}",
                        record.topic(), record.partition(), record.offset(), record.key(), record.topic(), failedBy.get(0), failedBy);
                return;
            }
            log.warn("Dead-lettering {}-{}@{} (key {}) for {}: {}", record.topic(), record.partition(), record.offset(),
                    record.key(), failedBy, reason(failure));
            publisher.accept(record, failure);
        };
    }

    /**
     * The groups a failure is reported for, the one that publishes its dead letter first: every
     * group of this service reading the topic for an unreadable record, else the failing group alone.
     */
    List<String> failedBy(String topic, String group, Exception failure) {
        String self = Objects.requireNonNullElse(group, "?");
        if (!unreadable(failure)) {
            return List.of(self);
        }
        List<String> readers = readersOf(topic);
        return readers.contains(self) ? readers : List.of(self);
    }

    /** This service's listener groups on the topic, sorted, so every instance designates the same one. */
    List<String> readersOf(String topic) {
        KafkaListenerEndpointRegistry listeners = registry.getIfAvailable();
        if (listeners == null) {
            return List.of();
        }
        return listeners.getListenerContainers().stream()
                .filter(container -> reads(container, topic))
                .map(MessageListenerContainer::getGroupId)
                .filter(Objects::nonNull)
                .distinct().sorted().toList();
    }

    private static boolean reads(MessageListenerContainer container, String topic) {
        String[] topics = container.getContainerProperties().getTopics();
        return topics != null && Arrays.asList(topics).contains(topic);
    }

    /** Whether the record's bytes could not be made into an envelope, the same for every group. */
    static boolean unreadable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof DeserializationException) {
                return true;
            }
        }
        return false;
    }

    /** The innermost cause's message, which names the field or the parse error. */
    static String reason(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return message.length() > MAX_REASON ? message.substring(0, MAX_REASON) : message;
    }
}
