package io.expoleads.exhibitor.edition;

import java.time.LocalDate;
import java.util.List;

/** One edition of a fair: where, when, in which time zone and languages, with which halls. */
public record Edition(
        String id,
        String name,
        String venue,
        LocalDate startDate,
        LocalDate endDate,
        String timeZone,
        List<String> languages,
        List<String> halls) {

    public Edition {
        languages = languages == null ? List.of() : List.copyOf(languages);
        halls = halls == null ? List.of() : List.copyOf(halls);
    }
}
