package io.expoleads.exhibitor.staff;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Booth staff invitations.
 *
 * @param invitationLifetime how long an invitation's link can be used (it works once)
 */
@Validated
@ConfigurationProperties("expo.staff")
public record StaffProperties(@DefaultValue("7d") @DurationMin(minutes = 1) Duration invitationLifetime) {
}
