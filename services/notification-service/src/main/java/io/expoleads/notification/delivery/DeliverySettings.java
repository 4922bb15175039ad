package io.expoleads.notification.delivery;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

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
@ConfigurationProperties("expo.deliveries")
public record DeliverySettings(Integer workers, Integer emailWorkers, Integer perDestination, Duration poll, Duration lease,
                               Duration initialDelay, Duration maxDelay, Duration retryWindow, Double jitter) {

    public DeliverySettings {
        workers = workers == null ? 16 : workers;
        emailWorkers = emailWorkers == null ? 8 : emailWorkers;
        perDestination = perDestination == null ? 2 : perDestination;
        poll = poll == null ? Duration.ofSeconds(1) : poll;
        lease = lease == null ? Duration.ofSeconds(30) : lease;
        initialDelay = initialDelay == null ? Duration.ofSeconds(5) : initialDelay;
        maxDelay = maxDelay == null ? Duration.ofHours(2) : maxDelay;
        retryWindow = retryWindow == null ? Duration.ofHours(25) : retryWindow;
        jitter = jitter == null ? 0.2 : jitter;
    }

    /** How many attempts of this channel are made at once. */
    public int workers(Delivery.Channel channel) {
        return channel == Delivery.Channel.EMAIL ? emailWorkers : workers;
    }

    public RetryPolicy retryPolicy() {
        return new RetryPolicy(initialDelay, maxDelay, retryWindow, jitter);
    }
}
