package io.expoleads.platform.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * Access tokens whose signature was verified once: the decoder checks a token's RS256 signature
 * the first time it is presented, and each later request with the same token reuses that check
 * until the token expires. Expiry, issuer and audience are validated on every request. A token is
 * remembered by the SHA-256 digest of all of it, never by the token itself, and only once it
 * passed every check; a token without an expiry is never remembered. A signing key leaves the
 * published keys one token lifetime after its successor came, so no remembered token outlives
 * the key that signed it.
 */
public final class VerifiedAccessTokens implements JwtDecoder {

    /** The name of the cache in the metrics: {@code cache_gets_total{cache="access-tokens"}}. */
    public static final String CACHE = "access-tokens";

    private final JwtDecoder decoder;
    private final OAuth2TokenValidator<Jwt> validator;
    private final Cache<Sha256Key, Jwt> verified;

    /**
     * @param decoder   checks the signature and then the validator, as Spring Security's decoders do
     * @param validator the same checks of expiry, issuer and audience the decoder makes, run again
     *                  on every token taken from memory
     */
    public VerifiedAccessTokens(JwtDecoder decoder, OAuth2TokenValidator<Jwt> validator,
                                AccessTokenCacheProperties properties, Clock clock) {
        this.decoder = decoder;
        this.validator = validator;
        this.verified = Caffeine.newBuilder().maximumSize(properties.maximumSize())
                .expireAfter(Expiry.creating((Sha256Key digest, Jwt jwt) -> remembered(jwt, properties.timeToLive(), clock)))
                .recordStats().build();
    }

    /** Meters the cache's hits, misses, size and evictions under {@value #CACHE}. */
    public VerifiedAccessTokens metered(MeterRegistry meters) {
        CaffeineCacheMetrics.monitor(meters, verified, CACHE);
        return this;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        if (token == null) {
            return decoder.decode(token);
        }
        Sha256Key digest = Sha256Key.of(token);
        Jwt known = verified.getIfPresent(digest);
        if (known != null) {
            return validated(known);
        }
        Jwt jwt = decoder.decode(token);
        if (jwt.getExpiresAt() != null) {
            verified.put(digest, jwt);
        }
        return jwt;
    }

    /** Refused as Spring Security's NimbusJwtDecoder refuses a token that fails its validator. */
    private Jwt validated(Jwt jwt) {
        OAuth2TokenValidatorResult result = validator.validate(jwt);
        if (!result.hasErrors()) {
            return jwt;
        }
        String described = result.getErrors().stream().map(OAuth2Error::getDescription)
                .filter(description -> description != null && !description.isEmpty()).findFirst()
                .map(description -> "An error occurred while attempting to decode the Jwt: " + description)
                .orElse("Unable to validate Jwt");
        throw new JwtValidationException(described, result.getErrors());
    }

    /** How long a verified token is remembered: until its expiry, at most {@code timeToLive}. */
    static Duration remembered(Jwt jwt, Duration timeToLive, Clock clock) {
        Instant expiresAt = jwt.getExpiresAt();
        Duration left = Duration.between(clock.instant(), expiresAt);
        if (left.isNegative()) {
            return Duration.ZERO;
        }
        return left.compareTo(timeToLive) < 0 ? left : timeToLive;
    }
}
