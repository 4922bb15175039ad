package io.expoleads.exhibitor.identity;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How access and refresh tokens are issued.
 *
 * @param issuer            the {@code iss} claim every service checks
 * @param audience          the {@code aud} claim every service checks
 * @param tokenLifetime     how long an access token is valid
 * @param loginAttempts     failed sign-ins allowed per account, and per client address, in {@code loginWindow}
 * @param loginWindow       the window of {@code loginAttempts}
 * @param refreshIdle       how long a refresh token may lie unused before it expires
 * @param refreshMax        how long a chain of refresh tokens (a family, from one sign-in) may last in all
 * @param refreshSweep      how often lapsed refresh tokens are removed (one instance's sweep serves all)
 */
@Validated
@ConfigurationProperties("expo.auth")
public record IdentityProperties(
        @DefaultValue("urn:expo-leads:exhibitor-service") String issuer,
        @DefaultValue("expo-leads") String audience,
        @DefaultValue("15m") Duration tokenLifetime,
        @DefaultValue("5") int loginAttempts,
        @DefaultValue("5m") Duration loginWindow,
        @DefaultValue("12h") Duration refreshIdle,
        @DefaultValue("7d") Duration refreshMax,
        @DefaultValue("1h") @DurationMin(seconds = 1) Duration refreshSweep) {
}
