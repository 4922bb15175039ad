package io.expoleads.notification.digest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

class DigestScheduleTest {

    private static final ZoneId CASABLANCA = ZoneId.of("Africa/Casablanca");
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");

    @Test
    void hourly_digests_fall_on_the_local_hour() {
        assertThat(DigestSchedule.nextAfter("HOURLY", null, CASABLANCA, Instant.parse("2026-11-24T09:15:00Z")))
                .isEqualTo(Instant.parse("2026-11-24T10:00:00Z"));
        assertThat(DigestSchedule.nextAfter("HOURLY", null, CASABLANCA, Instant.parse("2026-11-24T10:00:00Z")))
                .as("strictly after").isEqualTo(Instant.parse("2026-11-24T11:00:00Z"));
        // A half-hour zone: local hours fall on UTC half-hours.
        assertThat(DigestSchedule.nextAfter("HOURLY", null, KOLKATA, Instant.parse("2026-11-24T09:15:00Z")))
                .isEqualTo(Instant.parse("2026-11-24T09:30:00Z"));
    }

    @Test
    void daily_digests_fall_at_the_exhibitors_local_time() {
        // Casablanca is UTC+1 in November.
        assertThat(DigestSchedule.nextAfter("DAILY", "18:30", CASABLANCA, Instant.parse("2026-11-24T09:00:00Z")))
                .isEqualTo(Instant.parse("2026-11-24T17:30:00Z"));
        assertThat(DigestSchedule.nextAfter("DAILY", "18:30", CASABLANCA, Instant.parse("2026-11-24T17:30:00Z")))
                .isEqualTo(Instant.parse("2026-11-25T17:30:00Z"));
        assertThat(DigestSchedule.nextAfter("DAILY", null, CASABLANCA, Instant.parse("2026-11-24T09:00:00Z")))
                .as("08:00 by default").isEqualTo(Instant.parse("2026-11-25T07:00:00Z"));
        assertThat(DigestSchedule.nextAfter("DAILY", "25:99", CASABLANCA, Instant.parse("2026-11-24T06:00:00Z")))
                .as("unreadable time: 08:00").isEqualTo(Instant.parse("2026-11-24T07:00:00Z"));
    }

    @Test
    void daylight_saving_changes_keep_the_local_time() {
        // Paris moves from UTC+1 to UTC+2 on 2026-03-29 at 02:00 local.
        assertThat(DigestSchedule.nextAfter("DAILY", "08:00", PARIS, Instant.parse("2026-03-28T08:00:00Z")))
                .isEqualTo(Instant.parse("2026-03-29T06:00:00Z"));
        // 02:30 does not exist that day: the digest goes at the first instant after the gap.
        assertThat(DigestSchedule.nextAfter("DAILY", "02:30", PARIS, Instant.parse("2026-03-28T12:00:00Z")))
                .isEqualTo(Instant.parse("2026-03-29T01:30:00Z"));
    }

    @Test
    void digests_off_have_no_due_time() {
        assertThat(DigestSchedule.nextAfter("OFF", "08:00", CASABLANCA, Instant.now())).isNull();
    }
}
