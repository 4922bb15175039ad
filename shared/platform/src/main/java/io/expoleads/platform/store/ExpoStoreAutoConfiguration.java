package io.expoleads.platform.store;

import java.util.concurrent.TimeUnit;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * How long a request waits for an unreachable store before it is answered 503: the driver's
 * 30 s server selection would hold every request thread (and a health check) that long. A few
 * seconds rides out a replica set's election (usually under 12 s with retries) and a restarted
 * embedded store, and tells a client to come back instead of hanging.
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
}
