package io.expoleads.platform.privacy;

import java.time.Clock;

import io.expoleads.platform.outbox.EventWriter;
import io.expoleads.platform.outbox.ExpoOutboxAutoConfiguration;
import io.expoleads.platform.outbox.OutboxRelays;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Visitor keys and the personal seal, for a service that asks for them with
 * {@code expo.privacy.enabled=true} (the services holding visitor data); such a service does not
 * start without the key-encryption key, and says which property is missing.
 */
@AutoConfiguration(after = ExpoOutboxAutoConfiguration.class)
@ConditionalOnProperty(prefix = "expo.privacy", name = "enabled", havingValue = "true")
@EnableConfigurationProperties(PrivacyProperties.class)
public class ExpoPrivacyAutoConfiguration {

    @Bean
    VisitorKeys visitorKeys(MongoTemplate mongo, PrivacyProperties properties, ObjectProvider<Clock> clock,
                            EventWriter events, ObjectProvider<OutboxRelays> relays) {
        Clock time = clock.getIfAvailable(Clock::systemUTC);
        if (properties.publishKeys()) {
            return new VisitorKeys(mongo, KeyEncryptionKey.parse(properties.keyEncryptionKey()), properties.keyCacheTtl(),
                    time, events, attendeeId -> relays.ifAvailable(
                            outbox -> outbox.wake(VisitorKeys.COLLECTION, java.util.List.of(attendeeId))));
        }
        return new VisitorKeys(mongo, KeyEncryptionKey.parse(properties.keyEncryptionKey()), properties.keyCacheTtl(), time);
    }

    @Bean
    PersonalSeal personalSeal(VisitorKeys keys, JsonMapper jsonMapper) {
        return new PersonalSeal(keys, jsonMapper);
    }
}
