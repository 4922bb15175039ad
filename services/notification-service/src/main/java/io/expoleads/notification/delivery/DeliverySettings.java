package io.expoleads.notification.delivery;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How deliveries are made ({@code expo.deliveries.*}).
 *
 * @param workers        attempts made at once, over all destinations
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
@ConfigurationProperties("expo.deliveries")
public record DeliverySettings(Integer workers, Integer perDestination, Duration poll, Duration lease,
                               Duration initialDelay, Duration maxDelay, Duration retryWindow, Double jitter) {

    public DeliverySettings {
        workers = workers == null ? 16 : workers;
        perDestination = perDestination == null ? 2 : perDestination;
        poll = poll == null ? Duration.ofSeconds(1) : poll;
        lease = lease == null ? Duration.ofMinutes(2) : lease;
        initialDelay = initialDelay == null ? Duration.ofSeconds(5) : initialDelay;
        maxDelay = maxDelay == null ? Duration.ofHours(2) : maxDelay;
        retryWindow = retryWindow == null ? Duration.ofHours(25) : retryWindow;
        jitter = jitter == null ? 0.2 : jitter;
    }

    public RetryPolicy retryPolicy() {
        return new RetryPolicy(initialDelay, maxDelay, retryWindow, jitter);
    }
}
