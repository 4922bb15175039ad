package io.expoleads.lead.edition;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * An edition's dates as lead capture needs them: the days the fair runs, counted in the edition's
 * own time zone, so a scan at 00:30 in Casablanca falls on the day its staff lived it.
 *
 * @param startDate first day of the fair, in {@code timeZone}
 * @param endDate   last day of the fair, in {@code timeZone}
 * @param timeZone  the edition's zone id, such as {@code Africa/Casablanca}
 */
public record EditionDates(String editionId, String name, LocalDate startDate, LocalDate endDate, String timeZone) {

    public EditionDates {
        Objects.requireNonNull(editionId, "editionId is required");
        Objects.requireNonNull(startDate, "startDate is required");
        Objects.requireNonNull(endDate, "endDate is required");
        ZoneId.of(Objects.requireNonNull(timeZone, "timeZone is required"));
    }

    public ZoneId zone() {
        return ZoneId.of(timeZone);
    }

    /** Whether {@code instant} falls on one of the fair's days, from the start of its first to the end of its last. */
    public boolean covers(Instant instant) {
        LocalDate day = dayOf(instant);
        return !day.isBefore(startDate) && !day.isAfter(endDate);
    }

    /** The fair's local day {@code instant} falls on. */
    public LocalDate dayOf(Instant instant) {
        return LocalDate.ofInstant(instant, zone());
    }

    /**
     * The local hour {@code instant} falls in, such as 2026-11-24T10:00 for 10:42 local time. When
     * the clocks go back, the two instants of the repeated hour share it.
     */
    public LocalDateTime hourOf(Instant instant) {
        return LocalDateTime.ofInstant(instant, zone()).truncatedTo(ChronoUnit.HOURS);
    }
}
