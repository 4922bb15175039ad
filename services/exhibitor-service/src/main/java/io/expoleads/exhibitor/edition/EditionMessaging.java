package io.expoleads.exhibitor.edition;

import java.time.Duration;

import io.expoleads.platform.outbox.OutboxRelay;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.KafkaTemplate;

/** The relay that feeds {@code expo.editions.v1} from the editions' outboxes. */
@Configuration(proxyBeanMethods = false)
class EditionMessaging {

    @Bean
    OutboxRelay editionOutboxRelay(MongoTemplate mongo, KafkaTemplate<Object, Object> kafka) {
        return new OutboxRelay(Editions.COLLECTION, mongo, kafka, Duration.ofSeconds(10));
    }
}
