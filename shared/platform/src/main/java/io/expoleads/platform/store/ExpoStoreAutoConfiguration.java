package io.expoleads.platform.store;

import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The services' use of the store.
 *
 * <p>How long a request waits for an unreachable store before it is answered 503: the driver's
 * 30 s server selection would hold every request thread (and a health check) that long. A few
 * seconds rides out a replica set's election (usually under 12 s with retries) and a restarted
 * embedded store, and tells a client to come back instead of hanging.
 *
 * <p>No mapping events: Spring Data publishes an application event before and after every
 * document it writes and after every one it reads (three for a lead stored, two for each lead of a
 * 100,000-lead stats count), each looked up in the context's listener cache. No service listens to
 * them; a service that ever needs to act on a document's life uses an entity callback, which this
 * leaves on.
 */
@AutoConfiguration
@EnableConfigurationProperties(ExpoStoreProperties.class)
public class ExpoStoreAutoConfiguration {

    @Bean
    MongoClientSettingsBuilderCustomizer storeTimeouts(ExpoStoreProperties store) {
        return settings -> settings
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(store.serverSelectionTimeout().toMillis(),
                        TimeUnit.MILLISECONDS))
                .applyToSocketSettings(socket -> socket.connectTimeout(store.connectTimeout().toMillis(), TimeUnit.MILLISECONDS));
    }

    @Bean
    static BeanPostProcessor noMappingEvents() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof MongoTemplate template) {
                    template.setEntityLifecycleEventsEnabled(false);
                }
                return bean;
            }
        };
    }
}
