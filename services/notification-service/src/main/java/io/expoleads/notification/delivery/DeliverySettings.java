package io.expoleads.notification.delivery;

import java.time.Duration;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How deliveries are made ({@code expo.deliveries.*}).
 *
 * @param workers        webhook calls made at once, over all webhooks
 * @param emailWorkers   emails handed to the SMTP server at once, over all exhibitors: a pool of
 *                       their own, so a mail server that is down or hangs holds none of the webhook
 *                       workers, and no webhook holds the email workers
 * @param perDestination attempts made at once to one webhook or one exhibitor's mailboxes, so a
 *                       slow or dead endpoint holds at most this many workers
 * @param poll           how often due deliveries are looked for when nothing wakes the dispatcher
 * @param lease          how long a claimed delivery is left to its worker before another may take it
 *                       (longer than any attempt: webhook and SMTP timeouts are 10 seconds)
 * @param initialDelay   the first retry's delay
 * @param maxDelay       the longest delay between two attempts
 * @param retryWindow    how long a failing delivery is retried before it is dead (at least 24 hours)
 * @param jitter         the spread of each retry delay, as a fraction of it
 */
@Validated
@ConfigurationProperties("expo.deliveries")
public record DeliverySettings(
        @DefaultValue("16") @Min(1) int workers,
        @DefaultValue("8") @Min(1) int emailWorkers,
        @DefaultValue("2") @Min(1) int perDestination,
        @DefaultValue("1s") @DurationMin(millis = 1) Duration poll,
        @DefaultValue("30s") @DurationMin(millis = 1) Duration lease,
        @DefaultValue("5s") @DurationMin(millis = 1) Duration initialDelay,
        @DefaultValue("2h") @DurationMin(millis = 1) Duration maxDelay,
        @DefaultValue("25h") @DurationMin(millis = 1) Duration retryWindow,
        @DefaultValue("0.2") @DecimalMin("0.0") @DecimalMax(value = "1.0", inclusive = false) double jitter) {

    /** How many attempts of this channel are made at once. */
    public int workers(Delivery.Channel channel) {
        return channel == Delivery.Channel.EMAIL ? emailWorkers : workers;
    }

    public RetryPolicy retryPolicy() {
        return new RetryPolicy(initialDelay, maxDelay, retryWindow, jitter);
    }
}
