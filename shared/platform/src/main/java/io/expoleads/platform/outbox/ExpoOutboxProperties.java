package io.expoleads.platform.outbox;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The outbox relays' settings.
 *
 * @param sweepInterval how often the relays look for events left unpublished (a write wakes them at once;
 *                      the sweep catches what another instance or a crash left)
 */
@Validated
@ConfigurationProperties("expo.outbox")
public record ExpoOutboxProperties(@DefaultValue("30s") @DurationMin(millis = 1) Duration sweepInterval) {
}
