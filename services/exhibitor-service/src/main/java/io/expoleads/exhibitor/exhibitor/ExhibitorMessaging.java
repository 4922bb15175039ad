package io.expoleads.exhibitor.exhibitor;

import java.time.Duration;

import io.expoleads.events.Topics;
import io.expoleads.platform.kafka.TopicDeclarations;
import io.expoleads.platform.outbox.OutboxRelay;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;

/** The topics this service publishes and the relay that feeds the exhibitor topics from the exhibitors' outboxes. */
@Configuration(proxyBeanMethods = false)
class ExhibitorMessaging {

    @Bean
    KafkaAdmin.NewTopics exhibitorTopics(TopicDeclarations topics) {
        return topics.all(Topics.EDITIONS, Topics.EXHIBITORS, Topics.WEBHOOKS);
    }

    @Bean
    OutboxRelay exhibitorOutboxRelay(MongoTemplate mongo, KafkaTemplate<Object, Object> kafka) {
        return new OutboxRelay(ExhibitorStore.COLLECTION, mongo, kafka, Duration.ofSeconds(10));
    }
}
