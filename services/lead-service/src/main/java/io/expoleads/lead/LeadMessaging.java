package io.expoleads.lead;

import java.time.Duration;

import io.expoleads.events.Topics;
import io.expoleads.platform.kafka.TopicDeclarations;
import io.expoleads.lead.privacy.Erasures;
import io.expoleads.platform.outbox.OutboxRelay;
import io.expoleads.platform.privacy.VisitorKeys;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;

/** The topics lead capture owns or dead-letters into, and the relays of its outboxes. */
@Configuration(proxyBeanMethods = false)
class LeadMessaging {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

    @Bean
    KafkaAdmin.NewTopics leadTopics(TopicDeclarations topics) {
        return topics.all(Topics.ATTENDEES, Topics.SCANS, Topics.LEADS, Topics.EXHIBITORS, Topics.EDITIONS,
                Topics.VISITOR_KEYS, Topics.ERASURES, Topics.DELIVERIES);
    }

    @Bean
    OutboxRelay attendeeOutboxRelay(MongoTemplate mongo, KafkaTemplate<Object, Object> kafka) {
        return new OutboxRelay("attendees", mongo, kafka, SEND_TIMEOUT);
    }

    /** Visitor keys, published wrapped on expo.visitor-keys.v1 when issued. */
    @Bean
    OutboxRelay visitorKeyOutboxRelay(MongoTemplate mongo, KafkaTemplate<Object, Object> kafka) {
        return new OutboxRelay(VisitorKeys.COLLECTION, mongo, kafka, SEND_TIMEOUT);
    }

    @Bean
    OutboxRelay erasureOutboxRelay(MongoTemplate mongo, KafkaTemplate<Object, Object> kafka) {
        return new OutboxRelay(Erasures.COLLECTION, mongo, kafka, SEND_TIMEOUT);
    }

    @Bean
    OutboxRelay leadOutboxRelay(MongoTemplate mongo, KafkaTemplate<Object, Object> kafka) {
        return new OutboxRelay("leads", mongo, kafka, SEND_TIMEOUT);
    }
}
