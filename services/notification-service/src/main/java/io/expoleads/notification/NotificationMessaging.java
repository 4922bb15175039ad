package io.expoleads.notification;

import java.time.Duration;

import io.expoleads.events.Topics;
import io.expoleads.platform.kafka.TopicDeclarations;
import io.expoleads.platform.outbox.OutboxRelay;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;

/** The topics notifications own or dead-letter into, and the relays of the deliveries' and erasures' outboxes. */
@Configuration(proxyBeanMethods = false)
class NotificationMessaging {

    @Bean
    KafkaAdmin.NewTopics notificationTopics(TopicDeclarations topics) {
        return topics.all(Topics.DELIVERIES, Topics.EXHIBITORS, Topics.LEADS, Topics.WEBHOOKS, Topics.VISITOR_KEYS, Topics.ERASURES);
    }

    @Bean
    OutboxRelay deliveryOutboxRelay(MongoTemplate mongo, KafkaTemplate<Object, Object> kafka) {
        return new OutboxRelay("deliveries", mongo, kafka, Duration.ofSeconds(10));
    }

    /** Publishes {@code ErasureCompleted} from the record of each erasure this service finished. */
    @Bean
    OutboxRelay erasureOutboxRelay(MongoTemplate mongo, KafkaTemplate<Object, Object> kafka) {
        return new OutboxRelay("erasures", mongo, kafka, Duration.ofSeconds(10));
    }
}
