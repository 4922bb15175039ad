package io.expoleads.notification.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Retry-After as RFC 9110 writes it, and as receivers get it wrong. */
class RetryAfterTest {

    // Sun, 06 Nov 1994 08:49:37 GMT, RFC 9110's example date.
    private static final Instant NOW = Instant.parse("1994-11-06T08:48:37Z");

    @Test
    void delta_seconds_are_a_wait_from_now() {
        assertThat(RetryAfter.parse("120", NOW)).isEqualTo(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse(" 0 ", NOW)).isEqualTo(Duration.ZERO);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994"})
    void an_http_date_in_any_of_its_three_formats_is_a_wait_until_then(String date) {
        assertThat(RetryAfter.parse(date, NOW)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void a_date_already_past_means_now() {
        assertThat(RetryAfter.parse("Sun, 06 Nov 1994 08:00:00 GMT", NOW)).isEqualTo(Duration.ZERO);
    }

    @Test
    void more_than_a_day_is_cut_to_a_day() {
        assertThat(RetryAfter.parse("86401", NOW)).isEqualTo(Duration.ofHours(24));
        assertThat(RetryAfter.parse("99999999999999999999999", NOW)).isEqualTo(Duration.ofHours(24));
        assertThat(RetryAfter.parse("Fri, 01 Jan 2100 00:00:00 GMT", NOW)).isEqualTo(Duration.ofHours(24));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "soon", "-5", "1.5", "120s", "0x10", "Sun, 32 Nov 1994 08:49:37 GMT", "tomorrow at noon"})
    void anything_else_is_ignored(String garbage) {
        assertThat(RetryAfter.parse(garbage, NOW)).isNull();
    }

    @Test
    void a_missing_header_is_no_wait() {
        assertThat(RetryAfter.parse(null, NOW)).isNull();
    }
}
