package io.expoleads.lead;

import jakarta.validation.constraints.NotBlank;
import org.hibernate.validator.constraints.URL;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where people reach the web apps (the web tier), for the links in emails ({@code expo.web.*}).
 *
 * @param publicUrl the web tier's address as people open it, such as {@code https://leads.example.org}:
 *                  every link in an email starts with it, so one that is no http(s) address is refused
 */
@ConfigurationProperties("expo.web")
@Validated
public record ExpoWebProperties(@NotBlank @URL(regexp = "^https?:.*") String publicUrl) {
}
