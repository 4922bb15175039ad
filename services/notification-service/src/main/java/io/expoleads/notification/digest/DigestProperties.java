package io.expoleads.notification.digest;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The digests ({@code expo.digests.*}).
 *
 * @param checkInterval how often one instance looks for the digests that fell due
 */
@Validated
@ConfigurationProperties("expo.digests")
public record DigestProperties(@DefaultValue("30s") @DurationMin(millis = 1) Duration checkInterval) {
}
