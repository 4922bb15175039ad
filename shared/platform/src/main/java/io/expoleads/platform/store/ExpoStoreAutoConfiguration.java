package io.expoleads.platform.store;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * How long a request waits for an unreachable store before it is answered 503: the driver's
 * 30 s server selection would hold every request thread (and a health check) that long. A few
 * seconds rides out a replica set's election (usually under 12 s with retries) and a restarted
 * embedded store, and tells a client to come back instead of hanging.
 */
@AutoConfiguration
public class ExpoStoreAutoConfiguration {

    @Bean
    MongoClientSettingsBuilderCustomizer storeTimeouts(
            @Value("${expo.store.server-selection-timeout:3s}") Duration serverSelection,
            @Value("${expo.store.connect-timeout:3s}") Duration connect) {
        return settings -> settings
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(serverSelection.toMillis(), TimeUnit.MILLISECONDS))
                .applyToSocketSettings(socket -> socket.connectTimeout(connect.toMillis(), TimeUnit.MILLISECONDS));
    }
}
