package io.expoleads.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class RetryPolicyTest {

    private static final Instant START = Instant.parse("2026-11-24T09:00:00Z");
    /** The policy of the defaults, bound as the service binds expo.deliveries.* with nothing set. */
    private final RetryPolicy production = new Binder(new MapConfigurationPropertySource())
            .bindOrCreate("expo.deliveries", DeliverySettings.class).retryPolicy();

    @Test
    void the_production_schedule_backs_off_exponentially_and_keeps_trying_for_at_least_24_hours() {
        for (double draw : new double[] {0.0, 0.5, 0.999}) {
            List<Instant> attempts = schedule(production, () -> draw);
            Instant last = attempts.get(attempts.size() - 1);
            assertThat(Duration.between(START, last)).as("draw %s", draw).isGreaterThanOrEqualTo(Duration.ofHours(24));
            assertThat(attempts.size()).as("attempts, draw %s", draw).isBetween(15, 40);
            for (int i = 2; i < attempts.size(); i++) {
                Duration gap = Duration.between(attempts.get(i - 1), attempts.get(i));
                assertThat(gap).isLessThanOrEqualTo(Duration.ofHours(2).multipliedBy(12).dividedBy(10));
            }
        }
        assertThat(production.backOff(1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(production.backOff(2)).isEqualTo(Duration.ofSeconds(10));
        assertThat(production.backOff(5)).isEqualTo(Duration.ofSeconds(80));
        assertThat(production.backOff(30)).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void jitter_spreads_each_delay_within_its_bounds() {
        RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(10), Duration.ofHours(1), Duration.ofHours(24), 0.2);
        Random random = new Random(42);
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            delays.add(Duration.between(START, policy.next(1, START, START, null, random::nextDouble)).toMillis());
        }
        assertThat(delays).allSatisfy(delay -> assertThat(delay).isBetween(8_000L, 12_000L));
        assertThat(delays.stream().distinct().count()).as("spread, not one value").isGreaterThan(100);
    }

    @Test
    void retry_after_replaces_the_computed_delay() {
        Instant next = production.next(1, START, START, Duration.ofMinutes(7), () -> 0.5);
        assertThat(next).isEqualTo(START.plus(Duration.ofMinutes(7)));
    }

    @Test
    void the_last_attempt_falls_when_the_window_closes_and_a_failure_after_it_ends_the_delivery() {
        RetryPolicy policy = new RetryPolicy(Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(24), 0);
        Instant nearTheEnd = START.plus(Duration.ofHours(23).plusMinutes(50));
        assertThat(policy.next(20, START, nearTheEnd, null, () -> 0.5)).isEqualTo(START.plus(Duration.ofHours(24)));
        assertThat(policy.next(21, START, START.plus(Duration.ofHours(24)), null, () -> 0.5)).isNull();
        assertThat(policy.next(21, START, START.plus(Duration.ofHours(24)), Duration.ofSeconds(1), () -> 0.5)).isNull();
    }

    @Test
    void an_attempt_started_before_the_window_closes_and_failing_after_it_is_followed_by_one_more() {
        RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(5), Duration.ofHours(2), Duration.ofHours(24), 0);
        Instant closes = START.plus(Duration.ofHours(24));
        Instant next = policy.next(30, START, closes.minusSeconds(3), closes.plusSeconds(7), null, () -> 0.5);
        assertThat(next).as("at once: the window is over").isEqualTo(closes);
        assertThat(policy.next(31, START, closes.plusSeconds(7), closes.plusSeconds(8), null, () -> 0.5)).isNull();
    }

    @Test
    void nonsense_settings_are_refused() {
        assertThatThrownBy(() -> new RetryPolicy(Duration.ZERO, Duration.ofHours(1), Duration.ofHours(24), 0.2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(Duration.ofHours(2), Duration.ofHours(1), Duration.ofHours(24), 0.2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(Duration.ofSeconds(1), Duration.ofHours(1), Duration.ofHours(24), 1.0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** The times of every attempt of a delivery that always fails. */
    private static List<Instant> schedule(RetryPolicy policy, java.util.function.DoubleSupplier random) {
        List<Instant> attempts = new ArrayList<>(List.of(START));
        Instant next = policy.next(1, START, START, null, random);
        while (next != null) {
            attempts.add(next);
            next = policy.next(attempts.size(), START, next, null, random);
        }
        return attempts;
    }
}
