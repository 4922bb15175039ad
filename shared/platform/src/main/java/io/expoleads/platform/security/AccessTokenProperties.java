package io.expoleads.platform.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where a service finds the keys that sign access tokens, and what the tokens must say.
 *
 * @param jwksUri     exhibitor-service's {@code /.well-known/jwks.json}
 * @param issuer      the {@code iss} every token carries
 * @param audience    the {@code aud} every token carries
 * @param jwksTimeout how long fetching the keys may take to connect, and then to read the answer,
 *                    before requests needing them are answered 503
 */
@ConfigurationProperties("expo.auth")
public record AccessTokenProperties(
        @DefaultValue("http://localhost:8081/.well-known/jwks.json") String jwksUri,
        @DefaultValue("urn:expo-leads:exhibitor-service") String issuer,
        @DefaultValue("expo-leads") String audience,
        @DefaultValue("3s") Duration jwksTimeout) {
}
