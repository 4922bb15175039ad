package io.expoleads.platform.security;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The access tokens remembered as verified ({@code expo.auth.token-cache.*}): a scanner or a
 * dashboard sends the same token with every request until it expires, and only the first request
 * checks its RS256 signature.
 *
 * @param maximumSize how many tokens are remembered at most (about 2 kB each), the least
 *                    likely to come again leaving first
 * @param timeToLive  how long a token is remembered at most; never past its own expiry
 */
@ConfigurationProperties("expo.auth.token-cache")
@Validated
public record AccessTokenCacheProperties(@DefaultValue("5000") @Min(1) long maximumSize,
                                         @DefaultValue("15m") @DurationMin(seconds = 1) Duration timeToLive) {
}
