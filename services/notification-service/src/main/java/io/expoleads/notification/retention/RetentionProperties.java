package io.expoleads.notification.retention;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The retention reminders ({@code expo.retention.*}).
 *
 * @param reminderSweep how often editions are checked for the reminders due 30 and 7 days before their purge
 */
@Validated
@ConfigurationProperties("expo.retention")
public record RetentionProperties(@DefaultValue("1h") @DurationMin(millis = 1) Duration reminderSweep) {
}
