package io.expoleads.notification.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class RetentionRemindersTest {

    private static final Instant PURGE = Instant.parse("2027-11-26T23:00:00Z");

    @Test
    void the_reminder_due_is_the_latest_whose_day_has_come_until_the_purge() {
        assertThat(RetentionReminders.reminderDue(PURGE, PURGE.minus(Duration.ofDays(30)).minusSeconds(1))).isNull();
        assertThat(RetentionReminders.reminderDue(PURGE, PURGE.minus(Duration.ofDays(30)))).isEqualTo(30);
        assertThat(RetentionReminders.reminderDue(PURGE, PURGE.minus(Duration.ofDays(7)).minusSeconds(1))).isEqualTo(30);
        assertThat(RetentionReminders.reminderDue(PURGE, PURGE.minus(Duration.ofDays(7)))).isEqualTo(7);
        assertThat(RetentionReminders.reminderDue(PURGE, PURGE.minusSeconds(1))).isEqualTo(7);
        assertThat(RetentionReminders.reminderDue(PURGE, PURGE)).as("purged: nothing to remind").isNull();
    }
}
