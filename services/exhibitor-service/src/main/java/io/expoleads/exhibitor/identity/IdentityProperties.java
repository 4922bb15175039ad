package io.expoleads.exhibitor.identity;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How access tokens are issued.
 *
 * @param issuer            the {@code iss} claim every service checks
 * @param audience          the {@code aud} claim every service checks
 * @param tokenLifetime     how long an access token is valid
 * @param loginAttempts     failed sign-ins allowed per account, and per client address, in {@code loginWindow}
 * @param loginWindow       the window of {@code loginAttempts}
 */
@ConfigurationProperties("expo.auth")
public record IdentityProperties(
        @DefaultValue("urn:expo-leads:exhibitor-service") String issuer,
        @DefaultValue("expo-leads") String audience,
        @DefaultValue("15m") Duration tokenLifetime,
        @DefaultValue("5") int loginAttempts,
        @DefaultValue("5m") Duration loginWindow) {
}
