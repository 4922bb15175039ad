package io.expoleads.events;

import java.time.DateTimeException;
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
 */
public record EditionView(
        String editionId,
        long revision,
        String name,
        LocalDate startDate,
        LocalDate endDate,
        String timeZone) {

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
}
