package io.expoleads.events;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;

/**
 * An edition of a fair as other services need it: its dates and the time zone its days and hours
 * are counted in. Carried whole by every event on {@link Topics#EDITIONS} (compacted).
 *
 * @param revision  grows by one with every change; read models keep the highest they saw
 * @param startDate first day of the fair, in {@code timeZone}
 * @param endDate   last day of the fair, in {@code timeZone}
 * @param timeZone  an IANA zone id such as {@code Africa/Casablanca}
 * @param purgeAt   when the edition's personal data is purged (the end of its last retention day,
 *                  in {@code timeZone}); null in records from before retention was chosen, which
 *                  means the default: {@link #DEFAULT_RETENTION_MONTHS} after {@code endDate}
 */
public record EditionView(
        String editionId,
        long revision,
        String name,
        LocalDate startDate,
        LocalDate endDate,
        String timeZone,
        Instant purgeAt) {

    /** Personal data is kept at most this many months after the edition's last day. */
    public static final int DEFAULT_RETENTION_MONTHS = 12;

    /** A view from before retention was carried: the default purge date applies. */
    public EditionView(String editionId, long revision, String name, LocalDate startDate, LocalDate endDate, String timeZone) {
        this(editionId, revision, name, startDate, endDate, timeZone, null);
    }

    public EditionView {
        Contract.requireText(editionId, "editionId");
        Contract.requireText(name, "name");
        Objects.requireNonNull(startDate, "startDate is required");
        Objects.requireNonNull(endDate, "endDate is required");
        Contract.requireText(timeZone, "timeZone");
        try {
            ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("timeZone " + timeZone + " is not a time zone id", e);
        }
    }

    public ZoneId zone() {
        return ZoneId.of(timeZone);
    }

    /** When the edition's personal data is purged: {@link #purgeAt()}, or the default when absent. */
    public Instant purgeDue() {
        return purgeAt != null ? purgeAt : purgeAt(endDate, DEFAULT_RETENTION_MONTHS, zone());
    }

    /**
     * The end of the last day of retention: {@code retentionMonths} after {@code endDate}, counted
     * in the edition's zone, so data is kept through the whole of that local day (the first instant
     * of the next local day, where a day may be 23 or 25 hours long).
     */
    public static Instant purgeAt(LocalDate endDate, int retentionMonths, ZoneId zone) {
        return endDate.plusMonths(retentionMonths).plusDays(1).atStartOfDay(zone).toInstant();
    }
}
