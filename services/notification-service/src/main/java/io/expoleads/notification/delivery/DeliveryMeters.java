package io.expoleads.notification.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Deliveries as an operator watches them: every attempt ({@code expo.deliveries.attempts}) and
 * every delivery ended ({@code expo.deliveries}) by channel, kind and outcome; the queue's depth
 * and how overdue its most overdue delivery is. Tags never name an exhibitor or a destination.
 */
@Component
class DeliveryMeters {

    private static final Logger log = LoggerFactory.getLogger(DeliveryMeters.class);
    private static final Duration FRESH_FOR = Duration.ofSeconds(5);

    private final MeterRegistry registry;
    private final DeliveryQueue queue;
    private final Clock clock;
    private QueueLook last;

    private record QueueLook(Instant at, double depth, double overdueSeconds) {
    }

    DeliveryMeters(MeterRegistry registry, DeliveryQueue queue, Clock clock) {
        this.clock = clock;
        this.registry = registry;
        this.queue = queue;
        Gauge.builder("expo.deliveries.queue.depth", this, meters -> meters.queue().depth())
                .description("Unfinished deliveries in the queue: due now, leased to an attempt or waiting for a retry")
                .register(registry);
        Gauge.builder("expo.deliveries.queue.overdue", this, meters -> meters.queue().overdueSeconds())
                .description("How long past its due time the queue's earliest due delivery is (0 when none is due)")
                .baseUnit("seconds").register(registry);
    }

    void attempted(Delivery delivery, AttemptResult result) {
        Counter.builder("expo.deliveries.attempts")
                .description("Delivery attempts, by channel, kind and outcome")
                .tag("channel", lower(delivery.channel())).tag("kind", lower(delivery.kind())).tag("outcome", lower(result.outcome()))
                .register(registry).increment();
    }

    void ended(Delivery delivery) {
        Counter.builder("expo.deliveries")
                .description("Deliveries ended, by channel, kind and final status (succeeded, dead, cancelled)")
                .tag("channel", lower(delivery.channel())).tag("kind", lower(delivery.kind())).tag("outcome", lower(delivery.status()))
                .register(registry).increment();
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /** One look at the queue serves both gauges for a few seconds; NaN while the store is away. */
    private synchronized QueueLook queue() {
        Instant now = clock.instant();
        if (last == null || last.at().plus(FRESH_FOR).isBefore(now)) {
            last = look(now);
        }
        return last;
    }

    private QueueLook look(Instant now) {
        try {
            long depth = queue.size();
            Instant due = queue.earliestDue();
            double overdue = 0;
            if (due != null && due.isBefore(now)) {
                overdue = Duration.between(due, now).toMillis() / 1000.0;
            }
            return new QueueLook(now, depth, overdue);
        } catch (RuntimeException storeAway) {
            log.debug("Delivery queue not measured: {}", storeAway.toString());
            return new QueueLook(now, Double.NaN, Double.NaN);
        }
    }
}
