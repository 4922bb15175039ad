package io.expoleads.lead.badge;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The badge signatures remembered as verified ({@code expo.badges.signature-cache.*}): a visitor is
 * scanned at many booths, and each of those scans after the first skips the Ed25519 check.
 *
 * @param maximumSize how many badges are remembered at most (about 200 bytes each), the least
 *                    likely to be scanned again leaving first
 * @param timeToLive  how long a badge is remembered after its signature was checked
 */
@ConfigurationProperties("expo.badges.signature-cache")
@Validated
public record BadgeSignatureCacheProperties(@DefaultValue("50000") @Min(1) long maximumSize,
                                            @DefaultValue("8h") @DurationMin(seconds = 1) Duration timeToLive) {
}
