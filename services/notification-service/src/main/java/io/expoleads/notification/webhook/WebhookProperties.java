package io.expoleads.notification.webhook;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the exhibitors' webhooks are called ({@code expo.webhooks.*}).
 *
 * @param allowLoopback whether an endpoint may be on this machine (loopback addresses, plain http), for a
 *                      local development run only; private, link-local and metadata addresses are refused always
 * @param timeout       how long one call may take in all, connection and answer included
 */
@Validated
@ConfigurationProperties("expo.webhooks")
public record WebhookProperties(
        @DefaultValue("false") boolean allowLoopback,
        @DefaultValue("10s") @DurationMin(millis = 1) Duration timeout) {
}
