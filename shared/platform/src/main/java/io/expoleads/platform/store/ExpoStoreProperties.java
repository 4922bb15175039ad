package io.expoleads.platform.store;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long a service waits for its store before a request is answered 503. Zero is refused: the
 * MongoDB driver reads it as "wait for ever" for connecting.
 *
 * @param serverSelectionTimeout how long an operation waits for a reachable server (the driver's own default is 30 s)
 * @param connectTimeout         how long opening a connection may take
 */
@Validated
@ConfigurationProperties("expo.store")
public record ExpoStoreProperties(
        @DefaultValue("3s") @DurationMin(millis = 1) Duration serverSelectionTimeout,
        @DefaultValue("3s") @DurationMin(millis = 1) Duration connectTimeout) {
}
