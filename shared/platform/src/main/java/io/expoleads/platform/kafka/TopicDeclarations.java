package io.expoleads.platform.kafka;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

import io.expoleads.events.Topics;

/**
 * Builds topic declarations with partitions and replicas from configuration and the cleanup
 * policy of the contract. Every service declares, identically, each topic it publishes or
 * consumes and its DLT, so whichever service starts first creates them right (brokers do not
 * create topics on first use).
 */
public final class TopicDeclarations {

    private final ExpoKafkaProperties properties;

    TopicDeclarations(ExpoKafkaProperties properties) {
        this.properties = properties;
    }

    /** A contract topic and its DLT. */
    public List<NewTopic> declare(String topic) {
        TopicBuilder main = builder(topic);
        if (Topics.isCompacted(topic)) {
            main.config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        }
        Topics.compactionSettings(topic).forEach(main::config);
        return List.of(main.build(), builder(Topics.deadLetter(topic)).build());
    }

    /** The declarations of these topics and their DLTs, as one bean for {@link KafkaAdmin}. */
    public KafkaAdmin.NewTopics all(String... topics) {
        List<NewTopic> declared = new ArrayList<>();
        for (String topic : topics) {
            declared.addAll(declare(topic));
        }
        return new KafkaAdmin.NewTopics(declared.toArray(NewTopic[]::new));
    }

    private TopicBuilder builder(String name) {
        return TopicBuilder.name(name).partitions(properties.partitions()).replicas(properties.replicas());
    }
}
