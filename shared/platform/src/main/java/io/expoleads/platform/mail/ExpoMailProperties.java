package io.expoleads.platform.mail;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The emails a service sends itself (spring.mail.* says through which server).
 *
 * @param from          the sender of every email, such as {@code Expo Leads <leads@expo-leads.local>}
 * @param retryInterval how often an email the mail server refused is tried again
 */
@Validated
@ConfigurationProperties("expo.mail")
public record ExpoMailProperties(
        @NotBlank String from,
        @DefaultValue("30s") @DurationMin(millis = 1) Duration retryInterval) {
}
