package io.expoleads.lead;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The emails lead-service sends itself, visitors' sign-in links ({@code expo.mail.*}); the server
 * is Spring Boot's {@code spring.mail.*}.
 *
 * @param from          the sender, such as {@code Expo Leads <privacy@expo-leads.example>}: no
 *                      default, a service without one does not start
 * @param retryInterval how often a link the mail server refused is tried again (with a new code),
 *                      while the link it was asked for would still be valid
 */
@ConfigurationProperties("expo.mail")
@Validated
public record ExpoMailProperties(@NotBlank String from, @DefaultValue("30s") @DurationMin(millis = 1) Duration retryInterval) {
}
