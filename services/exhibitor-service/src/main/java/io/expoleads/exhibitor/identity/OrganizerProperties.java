package io.expoleads.exhibitor.identity;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The organizer's account, which the service keeps in step with its configuration at every start.
 *
 * @param username the organizer's sign-in name
 * @param password the organizer's password, env {@code EXPO_ORGANIZER_PASSWORD}; left blank, one is
 *                 generated at the first start and shown once
 */
@Validated
@ConfigurationProperties("expo.organizer")
public record OrganizerProperties(@DefaultValue("organizer") @NotBlank String username, @DefaultValue("") String password) {
}
