package io.expoleads.exhibitor.edition;

import java.time.LocalDate;
import java.util.List;

/** One edition of a fair: where, when, in which time zone and languages. */
public record Edition(
        String id,
        String name,
        String venue,
        LocalDate startDate,
        LocalDate endDate,
        String timeZone,
        List<String> languages) {
}
