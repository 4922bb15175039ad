package io.expoleads.notification.exhibitor;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What the service keeps of other services' events ({@code expo.read-models.*}).
 *
 * @param arrivalWait how long a request naming an exhibitor not yet heard of on Kafka waits for it (one
 *                    created a moment ago) before it answers 404; zero answers at once
 */
@Validated
@ConfigurationProperties("expo.read-models")
public record ReadModelProperties(@DefaultValue("2s") @DurationMin(millis = 0) Duration arrivalWait) {
}
