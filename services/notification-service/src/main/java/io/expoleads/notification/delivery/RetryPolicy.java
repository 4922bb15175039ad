package io.expoleads.notification.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.function.DoubleSupplier;

/**
 * When a failed delivery is tried again: exponential back-off from {@code initialDelay}, doubling up
 * to {@code maxDelay}, each delay spread by plus or minus {@code jitter} so that the deliveries of an
 * endpoint that came back do not all return at once. A destination's {@code Retry-After} replaces
 * the computed delay. Attempts go on for at least {@code window} from the first one: the last is
 * made when the window closes, and only a failure after that ends the delivery.
 */
public record RetryPolicy(Duration initialDelay, Duration maxDelay, Duration window, double jitter) {

    public RetryPolicy {
        if (initialDelay.isNegative() || initialDelay.isZero() || maxDelay.compareTo(initialDelay) < 0 || window.isNegative()) {
            throw new IllegalArgumentException("retry delays must be positive, the maximum at least the initial");
        }
        if (jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("jitter must be within [0, 1)");
        }
    }

    /**
     * @param failedAttempts attempts of this round so far, all failed (at least 1)
     * @param roundStartedAt the round's first attempt
     * @param retryAfter     the wait the destination asked for, or null
     * @param random         uniform in [0, 1)
     * @return when to try again, or null when the window is over and the delivery is dead
     */
    public Instant next(int failedAttempts, Instant roundStartedAt, Instant now, Duration retryAfter, DoubleSupplier random) {
        return next(failedAttempts, roundStartedAt, now, now, retryAfter, random);
    }

    /**
     * As {@link #next(int, Instant, Instant, Duration, DoubleSupplier)}, for an attempt that started at
     * {@code attemptedAt} and failed at {@code now}: only an attempt started once the window had
     * closed ends the delivery, so one started just before and failing just after is followed by one
     * more, at once (the delay counts from the failure, the window from the attempts' starts).
     */
    public Instant next(int failedAttempts, Instant roundStartedAt, Instant attemptedAt, Instant now, Duration retryAfter,
                        DoubleSupplier random) {
        Instant closes = roundStartedAt.plus(window);
        if (!attemptedAt.isBefore(closes)) {
            return null;
        }
        Duration delay = retryAfter != null && retryAfter.compareTo(Duration.ZERO) > 0 ? retryAfter : jittered(backOff(failedAttempts), random);
        Instant next = now.plus(delay);
        return next.isAfter(closes) ? closes : next;
    }

    Duration backOff(int failedAttempts) {
        int doublings = Math.max(0, Math.min(failedAttempts - 1, 40));
        long millis = initialDelay.toMillis();
        for (int i = 0; i < doublings && millis < maxDelay.toMillis(); i++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, maxDelay.toMillis()));
    }

    private Duration jittered(Duration delay, DoubleSupplier random) {
        double factor = 1 - jitter + 2 * jitter * random.getAsDouble();
        return Duration.ofMillis(Math.max(1, Math.round(delay.toMillis() * factor)));
    }
}
