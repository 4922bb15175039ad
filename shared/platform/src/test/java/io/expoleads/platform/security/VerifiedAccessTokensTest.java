package io.expoleads.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.expoleads.testsupport.StartRefusals;
import io.expoleads.testsupport.TestClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Access tokens verified once: the signature check (Spring Security's NimbusJwtDecoder on an RSA
 * key of the test) is counted, the validator runs on a clock the test moves.
 */
class VerifiedAccessTokensTest {

    private static final String ISSUER = "urn:expo-leads:exhibitor-service";
    private static final RSAKey KEY = rsa();
    private static final RSAKey STRANGER = rsa();

    private final TestClock clock = new TestClock();
    private final OAuth2TokenValidator<Jwt> validator = validator(clock);
    private final AtomicInteger signatureChecks = new AtomicInteger();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final VerifiedAccessTokens tokens = tokens(new AccessTokenCacheProperties(100, Duration.ofMinutes(15)));

    @Test
    void a_token_sent_again_is_not_signature_checked_again() {
        String token = sign(KEY, claims("staff-1@ex-1", Duration.ofMinutes(5)));
        Jwt first = tokens.decode(token);
        Jwt again = tokens.decode(token);

        assertThat(again.getSubject()).isEqualTo("staff-1@ex-1");
        assertThat(again.getClaims()).isEqualTo(first.getClaims());
        assertThat(signatureChecks).hasValue(1);
        assertThat(meters.get("cache.gets").tag("cache", VerifiedAccessTokens.CACHE).tag("result", "hit")
                .functionCounter().count()).isEqualTo(1);

        tokens.decode(sign(KEY, claims("staff-1@ex-1", Duration.ofMinutes(5))));
        assertThat(signatureChecks).as("a new token of the same account is checked").hasValue(2);
    }

    @Test
    void a_remembered_token_is_refused_once_it_expired() {
        String token = sign(KEY, claims("device-1", Duration.ofMinutes(5)));
        tokens.decode(token);

        clock.moveForward(Duration.ofMinutes(6));
        assertThatThrownBy(() -> tokens.decode(token)).isInstanceOf(JwtValidationException.class)
                .hasMessageContaining("expired");
        assertThat(signatureChecks).as("refused by the validator, from memory").hasValue(1);
    }

    @Test
    void forged_altered_and_invalid_tokens_are_checked_every_time_and_never_remembered() {
        String forged = sign(STRANGER, claims("organizer", Duration.ofMinutes(5)));
        String[] parts = sign(KEY, claims("staff-1@ex-1", Duration.ofMinutes(5))).split("\\.");
        String altered = parts[0] + "." + sign(KEY, claims("organizer", Duration.ofMinutes(5))).split("\\.")[1] + "." + parts[2];
        String otherIssuer = sign(KEY, new JWTClaimsSet.Builder(claims("staff-1@ex-1", Duration.ofMinutes(5)))
                .issuer("urn:somebody-else").build());

        for (int request = 0; request < 2; request++) {
            assertThatThrownBy(() -> tokens.decode(forged)).isInstanceOf(BadJwtException.class).hasMessageContaining("Invalid signature");
            assertThatThrownBy(() -> tokens.decode(altered)).isInstanceOf(BadJwtException.class).hasMessageContaining("Invalid signature");
            assertThatThrownBy(() -> tokens.decode(otherIssuer)).isInstanceOf(JwtValidationException.class);
        }
        assertThat(signatureChecks).hasValue(6);
    }

    @Test
    void a_token_without_an_expiry_is_never_remembered() {
        String token = sign(KEY, new JWTClaimsSet.Builder(claims("organizer", Duration.ofMinutes(5))).expirationTime(null).build());
        tokens.decode(token);
        tokens.decode(token);
        assertThat(signatureChecks).hasValue(2);
    }

    @Test
    void a_token_is_remembered_until_its_expiry_and_never_longer_than_the_time_to_live() {
        Instant now = Instant.parse("2026-12-05T10:00:00Z");
        clock.set(now);
        Duration timeToLive = Duration.ofMinutes(15);
        assertThat(VerifiedAccessTokens.remembered(jwt(now.plusSeconds(300)), timeToLive, clock)).isEqualTo(Duration.ofMinutes(5));
        assertThat(VerifiedAccessTokens.remembered(jwt(now.plus(Duration.ofHours(2))), timeToLive, clock)).isEqualTo(timeToLive);
        assertThat(VerifiedAccessTokens.remembered(jwt(now.minusSeconds(1)), timeToLive, clock)).isZero();
    }

    @Test
    void every_service_decodes_through_it_with_the_defaults_the_readme_gives_and_refuses_values_that_would_misbehave() {
        ApplicationContextRunner context = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ExpoResourceServerAutoConfiguration.class));
        context.run(started -> {
            assertThat(started).hasNotFailed();
            assertThat(started.getBean(JwtDecoder.class)).isInstanceOf(VerifiedAccessTokens.class);
            assertThat(started.getBean(AccessTokenCacheProperties.class))
                    .isEqualTo(new AccessTokenCacheProperties(5000, Duration.ofMinutes(15)));
        });
        context.withPropertyValues("expo.auth.token-cache.maximum-size=200", "expo.auth.token-cache.time-to-live=5m")
                .run(started -> assertThat(started.getBean(AccessTokenCacheProperties.class))
                        .isEqualTo(new AccessTokenCacheProperties(200, Duration.ofMinutes(5))));
        StartRefusals.assertStartRefused(context, "expo.auth.token-cache.maximum-size=0", "expo.auth.token-cache.maximum-size");
        StartRefusals.assertStartRefused(context, "expo.auth.token-cache.time-to-live=0s", "expo.auth.token-cache.time-to-live");
    }

    private VerifiedAccessTokens tokens(AccessTokenCacheProperties properties) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(publicKey()).build();
        decoder.setJwtValidator(validator);
        JwtDecoder counted = token -> {
            signatureChecks.incrementAndGet();
            return decoder.decode(token);
        };
        return new VerifiedAccessTokens(counted, validator, properties, clock).metered(meters);
    }

    /** As AccessTokens.validator, on the test's clock and without the minute of leeway. */
    private static OAuth2TokenValidator<Jwt> validator(TestClock clock) {
        JwtTimestampValidator timestamps = new JwtTimestampValidator(Duration.ZERO);
        timestamps.setClock(clock);
        return new DelegatingOAuth2TokenValidator<>(timestamps, new JwtIssuerValidator(ISSUER));
    }

    private JWTClaimsSet claims(String subject, Duration lifetime) {
        Instant now = clock.instant();
        return new JWTClaimsSet.Builder().issuer(ISSUER).audience("expo-leads").subject(subject)
                .claim("roles", List.of("STAFF")).issueTime(Date.from(now)).expirationTime(Date.from(now.plus(lifetime)))
                .jwtID(UUID.randomUUID().toString()).build();
    }

    private static Jwt jwt(Instant expiresAt) {
        return Jwt.withTokenValue("t").header("alg", "RS256").subject("s").expiresAt(expiresAt).build();
    }

    private static String sign(RSAKey key, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(KEY.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static java.security.interfaces.RSAPublicKey publicKey() {
        try {
            return KEY.toRSAPublicKey();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey rsa() {
        try {
            return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
