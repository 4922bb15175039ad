package io.expoleads.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

class EditionViewTest {

    private static final ZoneId CASABLANCA = ZoneId.of("Africa/Casablanca");

    @Test
    void personalDataIsKeptThroughTheWholeLastDayOfRetentionInTheEditionsZone() {
        // 2027-11-26 in Casablanca is UTC+1 (Morocco keeps +01:00 outside Ramadan): the day ends at 23:00 UTC.
        assertThat(EditionView.purgeAt(LocalDate.parse("2026-11-26"), 12, CASABLANCA))
                .isEqualTo(Instant.parse("2027-11-26T23:00:00Z"));
        assertThat(EditionView.purgeAt(LocalDate.parse("2026-11-26"), 12, ZoneId.of("America/New_York")))
                .isEqualTo(Instant.parse("2027-11-27T05:00:00Z"));
    }

    @Test
    void aShorterRetentionMovesThePurgeEarlierAndMonthsEndOnTheLastDayAShortMonthHas() {
        // 2027-02-26 falls in Ramadan, when Morocco moves to UTC+0: the day ends at midnight UTC.
        assertThat(EditionView.purgeAt(LocalDate.parse("2026-11-26"), 3, CASABLANCA))
                .isEqualTo(Instant.parse("2027-02-27T00:00:00Z"));
        assertThat(EditionView.purgeAt(LocalDate.parse("2027-01-31"), 1, ZoneId.of("UTC")))
                .isEqualTo(Instant.parse("2027-03-01T00:00:00Z"));
    }

    @Test
    void aViewWithoutAPurgeDateMeansTheDefaultTwelveMonths() {
        EditionView older = new EditionView("e", 1, "Expo", LocalDate.parse("2026-11-24"), LocalDate.parse("2026-11-26"),
                "Africa/Casablanca");
        assertThat(older.purgeAt()).isNull();
        assertThat(older.purgeDue()).isEqualTo(Instant.parse("2027-11-26T23:00:00Z"));
        EditionView shortened = new EditionView("e", 2, "Expo", LocalDate.parse("2026-11-24"), LocalDate.parse("2026-11-26"),
                "Africa/Casablanca", Instant.parse("2027-02-26T23:00:00Z"));
        assertThat(shortened.purgeDue()).isEqualTo(Instant.parse("2027-02-26T23:00:00Z"));
    }
}
