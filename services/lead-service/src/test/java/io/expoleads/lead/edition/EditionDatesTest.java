package io.expoleads.lead.edition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

/** Days and hours of a fair in Casablanca, whose clocks are UTC+1 except during Ramadan. */
class EditionDatesTest {

    private static final EditionDates NOVEMBER = new EditionDates("ed-1", "Smart City Expo Casablanca 2026",
            LocalDate.parse("2026-11-24"), LocalDate.parse("2026-11-26"), "Africa/Casablanca");

    @Test
    void the_first_and_last_days_are_counted_from_local_midnight() {
        assertThat(NOVEMBER.zone()).isEqualTo(ZoneId.of("Africa/Casablanca"));
        assertThat(NOVEMBER.covers(Instant.parse("2026-11-23T22:59:59Z"))).as("23:59:59 the evening before").isFalse();
        assertThat(NOVEMBER.covers(Instant.parse("2026-11-23T23:00:00Z"))).as("00:00 on the first day").isTrue();
        assertThat(NOVEMBER.covers(Instant.parse("2026-11-26T22:59:59Z"))).as("23:59:59 on the last day").isTrue();
        assertThat(NOVEMBER.covers(Instant.parse("2026-11-26T23:00:00Z"))).as("00:00 the day after").isFalse();
        assertThat(NOVEMBER.covers(Instant.parse("2026-11-25T12:00:00Z"))).isTrue();
    }

    @Test
    void a_scan_half_an_hour_after_local_midnight_falls_on_the_local_day_and_hour() {
        Instant halfPastMidnight = Instant.parse("2026-11-24T23:30:00Z");
        assertThat(NOVEMBER.dayOf(halfPastMidnight)).isEqualTo(LocalDate.parse("2026-11-25"));
        assertThat(NOVEMBER.hourOf(halfPastMidnight)).isEqualTo(LocalDateTime.parse("2026-11-25T00:00"));
        Instant beforeMidnight = Instant.parse("2026-11-24T22:59:59Z");
        assertThat(NOVEMBER.dayOf(beforeMidnight)).isEqualTo(LocalDate.parse("2026-11-24"));
        assertThat(NOVEMBER.hourOf(beforeMidnight)).isEqualTo(LocalDateTime.parse("2026-11-24T23:00"));
        assertThat(NOVEMBER.hourOf(Instant.parse("2026-11-25T09:42:17Z"))).isEqualTo(LocalDateTime.parse("2026-11-25T10:00"));
    }

    @Test
    void during_ramadan_casablanca_is_on_utc_and_its_days_move_with_it() {
        EditionDates ramadan = new EditionDates("ed-2", "Spring edition", LocalDate.parse("2026-03-04"),
                LocalDate.parse("2026-03-05"), "Africa/Casablanca");
        assertThat(ramadan.covers(Instant.parse("2026-03-03T23:30:00Z"))).as("still the 3rd, local time is UTC").isFalse();
        assertThat(ramadan.covers(Instant.parse("2026-03-04T00:00:00Z"))).isTrue();
        assertThat(ramadan.covers(Instant.parse("2026-03-05T23:59:59Z"))).isTrue();
        assertThat(ramadan.hourOf(Instant.parse("2026-03-04T00:30:00Z"))).isEqualTo(LocalDateTime.parse("2026-03-04T00:00"));
    }

    @Test
    void the_hour_repeated_when_the_clocks_go_back_is_one_local_hour() {
        // 2026-02-15 03:00 (UTC+1) the clocks go back to 02:00 (UTC).
        EditionDates february = new EditionDates("ed-3", "Winter edition", LocalDate.parse("2026-02-15"),
                LocalDate.parse("2026-02-15"), "Africa/Casablanca");
        assertThat(february.hourOf(Instant.parse("2026-02-15T01:30:00Z"))).isEqualTo(LocalDateTime.parse("2026-02-15T02:00"));
        assertThat(february.hourOf(Instant.parse("2026-02-15T02:30:00Z"))).isEqualTo(LocalDateTime.parse("2026-02-15T02:00"));
    }

    @Test
    void an_unknown_time_zone_is_refused() {
        assertThatThrownBy(() -> new EditionDates("ed-4", "Edition", LocalDate.parse("2026-11-24"), LocalDate.parse("2026-11-26"),
                "Mars/Olympus")).isInstanceOf(DateTimeException.class);
    }
}
