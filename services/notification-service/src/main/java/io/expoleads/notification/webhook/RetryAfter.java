package io.expoleads.notification.webhook;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;

/**
 * A receiver's {@code Retry-After} (RFC 9110 section 10.2.3): delta-seconds or an HTTP-date in
 * any of the three formats a recipient must accept (section 5.6.7). Garbage is ignored rather
 * than guessed at, a date already past means now, and anything beyond a day is cut to a day so
 * that one odd header cannot park a delivery for months.
 */
final class RetryAfter {

    static final Duration MAX = Duration.ofHours(24);

    /** IMF-fixdate, also taking a one-digit day as some servers write it. */
    private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter.RFC_1123_DATE_TIME;
    private static final DateTimeFormatter ASCTIME =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US).withZone(ZoneOffset.UTC);

    private RetryAfter() {
    }

    /** @return the wait asked for, at most {@link #MAX}, or null when the value is missing or not valid */
    static Duration parse(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.strip();
        if (text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            // More than nine digits is more than a day anyway, and could overflow a long.
            return text.length() > 9 ? MAX : clamp(Duration.ofSeconds(Long.parseLong(text)));
        }
        Instant date = date(text, now);
        if (date == null) {
            return null;
        }
        return date.isAfter(now) ? clamp(Duration.between(now, date)) : Duration.ZERO;
    }

    private static Instant date(String text, Instant now) {
        for (DateTimeFormatter format : List.of(IMF_FIXDATE, rfc850(now), ASCTIME)) {
            try {
                return format.parse(text, Instant::from);
            } catch (DateTimeParseException e) {
                // Try the next format.
            }
        }
        return null;
    }

    /** The obsolete RFC 850 form, whose two-digit year is taken within 50 years of now. */
    private static DateTimeFormatter rfc850(Instant now) {
        return new DateTimeFormatterBuilder()
                .appendPattern("EEEE, dd-MMM-")
                .appendValueReduced(ChronoField.YEAR, 2, 2, LocalDate.ofInstant(now, ZoneOffset.UTC).minusYears(50))
                .appendPattern(" HH:mm:ss 'GMT'")
                .toFormatter(Locale.US)
                .withZone(ZoneOffset.UTC);
    }

    private static Duration clamp(Duration wait) {
        return wait.compareTo(MAX) > 0 ? MAX : wait;
    }
}
