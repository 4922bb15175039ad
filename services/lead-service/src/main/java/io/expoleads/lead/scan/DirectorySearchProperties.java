package io.expoleads.lead.scan;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The booth directory search's throttle ({@code expo.directory-search.*}): each account may search
 * this many times within each window, so a booth finds a visitor now and then but nobody copies the
 * directory through it.
 */
@ConfigurationProperties("expo.directory-search")
@Validated
public record DirectorySearchProperties(@DefaultValue("30") @Min(1) int perAccount,
                                        @DefaultValue("10m") @DurationMin(seconds = 1) Duration window) {
}
