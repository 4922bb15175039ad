package io.expoleads.exhibitor.webhook;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The exhibitors' webhook endpoints.
 *
 * @param allowLoopback   whether an endpoint may be on this machine (loopback addresses), for local
 *                        runs and tests only: in production it would let anyone make the platform call itself
 * @param rotationOverlap how long a rotated secret keeps signing beside the new one, so receivers can switch over
 */
@Validated
@ConfigurationProperties("expo.webhooks")
public record WebhookProperties(
        @DefaultValue("false") boolean allowLoopback,
        @DefaultValue("24h") @DurationMin(millis = 0) Duration rotationOverlap) {
}
