package io.expoleads.notification.digest;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

import io.expoleads.notification.exhibitor.SalesRouting;

/**
 * When digests fall due: HOURLY on every hour of the edition's local time, DAILY at the
 * exhibitor's {@code digestTime} ({@code HH:mm}, 08:00 when missing or unreadable) in the edition's
 * time zone, whatever the daylight-saving changes (a local time skipped by a change falls at the
 * first instant after it).
 */
final class DigestSchedule {

    static final LocalTime DEFAULT_DAILY_TIME = LocalTime.of(8, 0);

    private DigestSchedule() {
    }

    /** The first due time strictly after {@code after}, or null when digests are off. */
    static Instant nextAfter(String digest, String digestTime, ZoneId zone, Instant after) {
        ZonedDateTime local = after.atZone(zone);
        if (SalesRouting.DIGEST_HOURLY.equals(digest)) {
            ZonedDateTime hour = local.truncatedTo(ChronoUnit.HOURS);
            ZonedDateTime next = hour.plusHours(1);
            return next.toInstant().isAfter(after) ? next.toInstant() : next.plusHours(1).toInstant();
        }
        if (SalesRouting.DIGEST_DAILY.equals(digest)) {
            LocalTime at = dailyTime(digestTime);
            ZonedDateTime today = local.toLocalDate().atTime(at).atZone(zone);
            return today.toInstant().isAfter(after) ? today.toInstant() : local.toLocalDate().plusDays(1).atTime(at).atZone(zone).toInstant();
        }
        return null;
    }

    static LocalTime dailyTime(String digestTime) {
        if (digestTime == null || digestTime.isBlank()) {
            return DEFAULT_DAILY_TIME;
        }
        try {
            return LocalTime.parse(digestTime.strip());
        } catch (DateTimeParseException e) {
            return DEFAULT_DAILY_TIME;
        }
    }
}
