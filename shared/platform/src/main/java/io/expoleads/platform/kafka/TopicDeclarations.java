package io.expoleads.platform.kafka;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

import io.expoleads.events.Topics;

/** Builds the topic declarations of a service, with partitions and replicas from configuration. */
public final class TopicDeclarations {

    private final ExpoKafkaProperties properties;

    TopicDeclarations(ExpoKafkaProperties properties) {
        this.properties = properties;
    }

    /** A topic the service publishes, with its DLT. */
    public List<NewTopic> owned(String topic) {
        return List.of(builder(topic).build(), builder(Topics.deadLetter(topic)).build());
    }

    /** A topic whose latest record per key is its state, so it is compacted rather than expired. */
    public List<NewTopic> ownedCompacted(String topic) {
        return List.of(builder(topic).config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT).build(),
                builder(Topics.deadLetter(topic)).build());
    }

    /** The DLT of a topic the service consumes: its listeners write there. */
    public List<NewTopic> deadLetterOf(String consumedTopic) {
        return List.of(builder(Topics.deadLetter(consumedTopic)).build());
    }

    /** Everything above, as one bean for {@link KafkaAdmin}. */
    @SafeVarargs
    public static KafkaAdmin.NewTopics all(List<NewTopic>... groups) {
        List<NewTopic> topics = new ArrayList<>();
        for (List<NewTopic> group : groups) {
            topics.addAll(group);
        }
        return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
    }

    private TopicBuilder builder(String name) {
        return TopicBuilder.name(name).partitions(properties.partitions()).replicas(properties.replicas());
    }
}
