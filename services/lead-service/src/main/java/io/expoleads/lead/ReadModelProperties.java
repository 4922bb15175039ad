package io.expoleads.lead;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the read models kept from Kafka (editions, exhibitors) answer a request naming something
 * they have not heard of yet ({@code expo.read-models.*}).
 *
 * @param arrivalWait how long such a request waits for one created a moment ago before it answers
 *                    404; zero answers at once (a negative wait would be no wait either, so it is refused)
 */
@ConfigurationProperties("expo.read-models")
@Validated
public record ReadModelProperties(@DefaultValue("2s") @DurationMin(millis = 0) Duration arrivalWait) {
}
