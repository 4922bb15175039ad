package io.expoleads.lead.scanner;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What the scanners' reported states mean ({@code expo.scanners.*}). Both at least a millisecond:
 * a zero would call every phone with an unsent scan stuck, or forget each report as it is stored.
 *
 * @param stuckAfter  a phone is stuck once its oldest unsent scan was taken this long ago
 * @param forgetAfter a phone not heard of for this long is forgotten (longer than any edition runs)
 */
@ConfigurationProperties("expo.scanners")
@Validated
public record ScannerProperties(@DefaultValue("15m") @DurationMin(millis = 1) Duration stuckAfter,
                                @DefaultValue("30d") @DurationMin(millis = 1) Duration forgetAfter) {
}
