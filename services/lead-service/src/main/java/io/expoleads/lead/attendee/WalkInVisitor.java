package io.expoleads.lead.attendee;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import io.expoleads.events.Contract;

/**
 * A visitor with no registration as a booth typed them in, with the consent they gave on the phone
 * to share these details with that exhibitor. Checked here, free of Spring and of any store: a
 * refused walk-in names the first {@link Refusal} reason and every field at fault.
 *
 * @param consent what the visitor agreed to, and when; without it nothing of them is taken
 */
public record WalkInVisitor(String firstName, String lastName, String company, String email, String phone, Consent consent) {

    /** The visitor's tick on the phone: when, and which version of the text (with its language) they read. */
    public record Consent(Instant agreedAt, String textVersion) {
    }

    /** Why a walk-in is refused, in the order they are reported when several apply. */
    public enum Refusal {
        /** The visitor did not tick the consent (or the scanner did not say when, or to which text). */
        WALK_IN_NO_CONSENT,
        /** Neither a first nor a last name. */
        WALK_IN_NAME_MISSING,
        /** No email, or not an email address: the visitor's privacy page finds them by it. */
        WALK_IN_BAD_EMAIL,
        /** Not a phone number: digits (6 to 15), spaces, dashes, dots, brackets, a leading +. */
        WALK_IN_BAD_PHONE,
        /** A field longer than its limit. */
        WALK_IN_TOO_LONG,
        /** Line breaks or other control characters, which would reach emails and exported files. */
        WALK_IN_BAD_TEXT
    }

    /** A refused walk-in: the reason of its first problem, and each field's problem by request path. */
    public record Problems(Refusal reason, Map<String, String> fields) {
    }

    public static final int MAX_NAME = 100;
    public static final int MAX_COMPANY = 200;
    public static final int MAX_EMAIL = 254;
    public static final int MAX_PHONE = 30;
    public static final int MAX_TEXT_VERSION = 40;
    /** The same rule as the registration import's. */
    private static final Pattern EMAIL = Registration.EMAIL;
    private static final Pattern PHONE = Pattern.compile("^\\+?[0-9 ().\\-]+$");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cc}");
    /** Any consent time within these bounds is kept as the phone says it; beyond them no store keeps it. */
    private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    /**
     * The walk-in's problems, empty when it may be taken.
     *
     * @param path where the walk-in sits in the request ({@code walkIn}), to name its fields
     */
    public Optional<Problems> problems(String path) {
        Map<String, String> fields = new LinkedHashMap<>();
        Refusal first = null;
        if (consent == null || consent.agreedAt() == null || consent.agreedAt().isBefore(EARLIEST)
                || consent.agreedAt().isAfter(LATEST) || isBlank(consent.textVersion())) {
            fields.put(path + ".consent", "the visitor must tick their agreement to share these details with this exhibitor"
                    + " (agreedAt and textVersion)");
            first = Refusal.WALK_IN_NO_CONSENT;
        }
        if (isBlank(firstName) && isBlank(lastName)) {
            fields.put(path + ".lastName", "a first or last name is required");
            first = first == null ? Refusal.WALK_IN_NAME_MISSING : first;
        }
        if (isBlank(email) || !EMAIL.matcher(email.strip()).matches()) {
            fields.put(path + ".email", isBlank(email) ? "is required" : "is not an email address");
            first = first == null ? Refusal.WALK_IN_BAD_EMAIL : first;
        }
        if (!isBlank(phone) && !isPhone(phone.strip())) {
            fields.put(path + ".phone", "is not a phone number (6 to 15 digits, an optional leading +)");
            first = first == null ? Refusal.WALK_IN_BAD_PHONE : first;
        }
        Refusal tooLong = null;
        Refusal badText = null;
        for (Map.Entry<String, Limit> field : limits().entrySet()) {
            String value = field.getValue().value();
            if (value == null) {
                continue;
            }
            if (value.strip().length() > field.getValue().max()) {
                fields.putIfAbsent(path + "." + field.getKey(), "must be at most " + field.getValue().max() + " characters");
                tooLong = Refusal.WALK_IN_TOO_LONG;
            } else if (CONTROL.matcher(value).find()) {
                fields.putIfAbsent(path + "." + field.getKey(), "contains control characters");
                badText = Refusal.WALK_IN_BAD_TEXT;
            }
        }
        first = first != null ? first : tooLong != null ? tooLong : badText;
        return first == null ? Optional.empty() : Optional.of(new Problems(first, fields));
    }

    private record Limit(String value, int max) {
    }

    private Map<String, Limit> limits() {
        Map<String, Limit> limits = new LinkedHashMap<>();
        limits.put("firstName", new Limit(firstName, MAX_NAME));
        limits.put("lastName", new Limit(lastName, MAX_NAME));
        limits.put("company", new Limit(company, MAX_COMPANY));
        limits.put("email", new Limit(email, MAX_EMAIL));
        limits.put("phone", new Limit(phone, MAX_PHONE));
        limits.put("consent.textVersion", new Limit(consent == null ? null : consent.textVersion(), MAX_TEXT_VERSION));
        return limits;
    }

    /** A phone number as people type it: 6 to 15 digits (E.164's most), separators, one leading +. */
    static boolean isPhone(String value) {
        if (!PHONE.matcher(value).matches()) {
            return false;
        }
        long digits = value.chars().filter(Character::isDigit).count();
        return digits >= 6 && digits <= 15;
    }

    /**
     * The id of the visitor record a walk-in makes: derived from the exhibitor and the scan that
     * typed them in, so the same scan sent again names the same visitor, and a walk-in's id says
     * nothing of who they are.
     */
    public static String attendeeId(String exhibitorId, String scanId) {
        return Contract.deterministicId("walk-in", exhibitorId, scanId).toString();
    }

    /**
     * The visitor record of a walk-in that passed {@link #problems}: registered nowhere, its contact
     * shared with this exhibitor only (the visitor's consent), the email in lower case so the
     * visitor's privacy page finds it whichever way they type it.
     */
    public Attendee toAttendee(String attendeeId, String editionId, String exhibitorId, Instant recordedAt) {
        return new Attendee(attendeeId, editionId, null, clean(firstName), clean(lastName), clean(company), null,
                email.strip().toLowerCase(Locale.ROOT), clean(phone), null, true, List.of(), false, null, 0, List.of(), null,
                new Attendee.WalkIn(exhibitorId, consent.agreedAt(), consent.textVersion().strip(), recordedAt));
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static String clean(String value) {
        return isBlank(value) ? null : value.strip();
    }
}
