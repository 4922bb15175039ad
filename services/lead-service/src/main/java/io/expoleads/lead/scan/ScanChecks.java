package io.expoleads.lead.scan;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import io.expoleads.events.QualificationForm;
import io.expoleads.events.LeadSource;
import io.expoleads.events.ScanAccepted;
import io.expoleads.events.ScanFlag;
import io.expoleads.lead.attendee.Attendee;
import io.expoleads.lead.attendee.WalkInVisitor;
import io.expoleads.lead.edition.EditionDates;
import io.expoleads.lead.exhibitor.BoothExhibitor;
import io.expoleads.lead.lead.Answers;
import io.expoleads.lead.lead.Lead;
import io.expoleads.platform.security.Tenant;
import tools.jackson.databind.JsonNode;

/**
 * Who a scan names ({@link #named}), then its checks once its badge is genuine (or its visitor looked up or
 * typed in), in order: the attendee, the scan time, the
 * qualification taken with it; then its flags. Free of Spring and of any store: what they need is
 * read by {@link ScanDesk} and handed in, so they are tested alone ({@code ScanChecksTest}).
 */
final class ScanChecks {

    /** Device clocks drift a little; beyond this a scan time in the future is flagged. */
    static final Duration CLOCK_TOLERANCE = Duration.ofMinutes(5);
    /** Any device time in these bounds is taken (and flagged if odd); beyond them no store keeps it. */
    private static final Instant EARLIEST_STORABLE = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant LATEST_STORABLE = Instant.parse("9999-12-31T23:59:59Z");

    private ScanChecks() {
    }

    /**
     * Who the scan names, before anything is read: refused unless it names its visitor exactly one
     * way (a badge, a lookup or a walk-in); a looked-up attendee id; a walk-in whose details and
     * consent pass, as the visitor record made for them. Null for a badge, which is verified next
     * against the edition's keys.
     *
     * @param now when the scan arrived: when a walk-in's record is made
     */
    static BadgeCheck named(ScanRequest request, BoothExhibitor exhibitor, Instant now) {
        int ways = (request.badgeRead() ? 1 : 0) + (request.lookedUp() ? 1 : 0) + (request.walkedIn() ? 1 : 0);
        if (ways != 1) {
            String field = request.walkedIn() ? "walkIn" : request.lookedUp() ? "lookup" : "badge";
            return new ScanCheck.Refused(ScanCheck.Refused.BADGE_OR_LOOKUP,
                    "A scan names its visitor by badge, by lookup or as a walk-in, exactly one", Map.of(field, ways == 0
                    ? "is required, unless the visitor was looked up (lookup) or typed in (walkIn)"
                    : "give one of badge, lookup and walkIn, not several"));
        }
        if (request.lookedUp()) {
            String attendeeId = request.lookup().attendeeId();
            if (attendeeId == null || attendeeId.isBlank()) {
                return new ScanCheck.Refused(ScanCheck.Refused.BADGE_OR_LOOKUP, "A looked-up visitor needs its attendee id",
                        Map.of("lookup.attendeeId", "is required"));
            }
            return new BadgeCheck.LookedUp(attendeeId.strip());
        }
        if (request.walkedIn()) {
            Optional<WalkInVisitor.Problems> problems = request.walkIn().problems("walkIn");
            if (problems.isPresent()) {
                // The fields' messages name the problem, never the value typed: it is personal data.
                return new ScanCheck.Refused(problems.get().reason().name(), "The walk-in visitor cannot be taken: "
                        + String.join(", ", problems.get().fields().keySet()), problems.get().fields());
            }
            return new BadgeCheck.WalkedIn(request.walkIn().toAttendee(
                    WalkInVisitor.attendeeId(exhibitor.id(), request.scanId().toString()), exhibitor.editionId(), exhibitor.id(), now));
        }
        return null;
    }

    /**
     * @param attendee the badge's attendee as the directory holds them, or null when it does not
     * @param now      when the scan arrived
     * @param editions the dates of an edition, by id (read only for a scan that passed)
     */
    static ScanCheck check(ScanRequest request, Attendee attendee, BoothExhibitor exhibitor, Tenant scanner,
                           Instant now, Function<String, Optional<EditionDates>> editions) {
        // A walk-in is named by their own walk-in scan only: no badge, no lookup, no other exhibitor reaches them.
        if (attendee == null || !attendee.editionId().equals(exhibitor.editionId())
                || attendee.isWalkIn() != request.walkedIn() || !attendee.reachableBy(exhibitor.id())) {
            return new ScanCheck.Refused(ScanCheck.Refused.UNKNOWN_ATTENDEE, request.lookedUp()
                    ? "The looked-up visitor is not in the directory of the exhibitor's edition"
                    : "The badge is genuine but its visitor is not in the edition's directory", Map.of());
        }
        if (attendee.erased()) {
            return request.lookedUp() || request.walkedIn() ? ScanCheck.Refused.erasedLookup() : ScanCheck.Refused.erased();
        }
        if (request.scannedAt().isBefore(EARLIEST_STORABLE) || request.scannedAt().isAfter(LATEST_STORABLE)) {
            return new ScanCheck.Refused("INVALID_SCAN_TIME", "scannedAt " + request.scannedAt() + " is outside the years 1970 to 9999",
                    Map.of("scannedAt", "must be a time between 1970 and 9999"));
        }
        Map<String, String> problems = new LinkedHashMap<>();
        Integer rating = null;
        JsonNode givenRating = request.rating();
        if (givenRating != null && !givenRating.isNull()) {
            if (!givenRating.isIntegralNumber() || !givenRating.canConvertToInt() || givenRating.asInt() < 1 || givenRating.asInt() > 5) {
                problems.put("rating", "must be a whole number from 1 to 5");
            } else {
                rating = givenRating.asInt();
            }
        }
        Map<String, Object> answers = Map.of();
        Integer formVersion = null;
        if (request.answers() != null && !request.answers().isEmpty()) {
            Optional<QualificationForm> form = exhibitor.form(request.formVersion());
            if (form.isEmpty()) {
                problems.put(request.formVersion() == null ? "answers" : "formVersion", request.formVersion() == null
                        ? "the exhibitor has no qualification form" : "form version " + request.formVersion() + " is unknown");
            } else {
                Answers.Checked checked = Answers.check(form.get(), request.answers(), "answers");
                problems.putAll(checked.problems());
                answers = new HashMap<>(checked.values());
                // A null answer removes a former one: a first scan's answers have none to remove.
                answers.values().removeIf(value -> value == null);
                formVersion = form.get().version();
            }
        }
        Set<String> tags = Answers.tags(request.tags(), "tags", problems);
        if (request.note() != null && request.note().length() > Lead.MAX_NOTE) {
            problems.put("note", "must be at most " + Lead.MAX_NOTE + " characters");
        }
        if (!problems.isEmpty()) {
            return new ScanCheck.Refused("INVALID_QUALIFICATION", "The qualification taken with the scan is invalid: " + problems,
                    problems);
        }
        boolean device = scanner.is("DEVICE");
        String note = request.note() == null || request.note().isBlank() ? null : request.note().strip();
        ScanAccepted scan = new ScanAccepted(request.scanId().toString(), exhibitor.id(), exhibitor.editionId(), attendee.id(),
                device ? null : scanner.staffId(), device ? scanner.account() : null, request.scannedAt(), now,
                rating, formVersion, answers, List.copyOf(tags), note, flags(request.scannedAt(), now, editions.apply(exhibitor.editionId())))
                .withSource(request.walkedIn() ? LeadSource.WALK_IN : request.lookedUp() ? LeadSource.LOOKUP : LeadSource.BADGE);
        return new ScanCheck.Passed(scan, attendee);
    }

    /**
     * Why a scan deserves a second look, kept all the same: a device time in the future beyond the
     * clocks' drift, or on a day the edition does not run (unknown dates flag nothing).
     */
    static List<ScanFlag> flags(Instant scannedAt, Instant now, Optional<EditionDates> edition) {
        List<ScanFlag> flags = new ArrayList<>();
        if (scannedAt.isAfter(now.plus(CLOCK_TOLERANCE))) {
            flags.add(ScanFlag.FUTURE_SCAN_TIME);
        }
        edition.ifPresent(dates -> {
            if (!dates.covers(scannedAt)) {
                flags.add(ScanFlag.OUTSIDE_EDITION_DATES);
            }
        });
        return flags;
    }
}
