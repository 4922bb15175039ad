package io.expoleads.notification.alert;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The lead alerts ({@code expo.alerts.*}).
 *
 * @param releaseSweep how often alerts left waiting for their exhibitor's routing (a failed release, a
 *                     stop) are looked for and alerted once the routing is there
 */
@Validated
@ConfigurationProperties("expo.alerts")
public record AlertProperties(@DefaultValue("1m") @DurationMin(millis = 1) Duration releaseSweep) {
}
