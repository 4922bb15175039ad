package io.expoleads.lead.privacy;

import java.time.Duration;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Positive;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What lead-service does for visitors' privacy ({@code expo.privacy.*}, beside the sealing settings
 * of shared/platform's {@code PrivacyProperties}): their sign-in links and sessions, erasures and
 * the retention purge. Every period is at least a millisecond and every count at least one: a
 * zero would stop the work it paces or let nothing through.
 *
 * @param visitorLink      a visitor's sign-in links
 * @param visitorSession   the session a link opens
 * @param retentionSweep   how often editions past their purge date are looked for
 * @param retentionChunk   visitors erased a chunk by the retention purge
 * @param retentionPassMax visitors erased at most in one pass (the rest in the next, at once)
 * @param erasureServices  the services whose confirmation completes an erasure
 * @param erasureSweep     how often erasures an interrupted instance left are finished
 */
@ConfigurationProperties("expo.privacy")
@Validated
public record VisitorPrivacyProperties(
        @DefaultValue @Valid VisitorLink visitorLink,
        @DefaultValue @Valid VisitorSession visitorSession,
        @DefaultValue("15m") @DurationMin(millis = 1) Duration retentionSweep,
        @DefaultValue("200") @Positive int retentionChunk,
        @DefaultValue("5000") @Positive int retentionPassMax,
        @DefaultValue({"lead-service", "notification-service"}) @NotEmpty Set<String> erasureServices,
        @DefaultValue("30s") @DurationMin(millis = 1) Duration erasureSweep) {

    /**
     * @param lifetime   how long a link works (once)
     * @param perAddress links asked for one address within the window
     * @param perClient  links asked for from one client address within the window
     * @param window     the window the two limits count in
     */
    public record VisitorLink(@DefaultValue("30m") @DurationMin(millis = 1) Duration lifetime,
                              @DefaultValue("5") @Positive int perAddress,
                              @DefaultValue("30") @Positive int perClient,
                              @DefaultValue("15m") @DurationMin(millis = 1) Duration window) {
    }

    /** @param lifetime how long a visitor's session lasts */
    public record VisitorSession(@DefaultValue("30m") @DurationMin(millis = 1) Duration lifetime) {
    }
}
