package io.expoleads.lead.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.expoleads.events.ExhibitorStatus;
import io.expoleads.events.LeadSource;
import io.expoleads.events.QualificationForm;
import io.expoleads.events.QualificationForm.Question;
import io.expoleads.events.QualificationForm.QuestionType;
import io.expoleads.events.ScanAccepted;
import io.expoleads.events.ScanFlag;
import io.expoleads.lead.attendee.Attendee;
import io.expoleads.lead.attendee.WalkInVisitor;
import io.expoleads.lead.edition.EditionDates;
import io.expoleads.lead.exhibitor.BoothExhibitor;
import io.expoleads.lead.lead.Lead;
import io.expoleads.platform.security.Tenant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** A scan's checks after its badge, without Spring or a store: each refusal with its reason, and what a passing scan carries. */
class ScanChecksTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    private static final UUID SCAN_ID = UUID.fromString("7b0e2b56-0a49-4c4e-9a57-5d3c4c0d6a11");
    private static final EditionDates FAIR = new EditionDates("e-2026", "Smart City Expo Casablanca",
            LocalDate.parse("2026-11-24"), LocalDate.parse("2026-11-26"), "Africa/Casablanca");
    private static final QualificationForm FORM_2 = new QualificationForm(2, List.of(
            new Question("budget", "Budget", QuestionType.SINGLE_CHOICE, List.of("low", "high"), true),
            new Question("team", "Team size", QuestionType.SCALE_1_TO_5, null, false)));
    private static final BoothExhibitor EXHIBITOR = new BoothExhibitor("x-1", "e-2026", 3, ExhibitorStatus.APPROVED, "Atlas Mobility",
            "B12", List.of("amine"), List.of("device-7"), 2, Map.of("2", FORM_2), Map.of());
    private static final Tenant AMINE = new Tenant("amine@atlas.ma", List.of("STAFF"), "x-1", "amine");
    private static final Tenant DEVICE = new Tenant("device-7", List.of("DEVICE"), "x-1", null);
    private static final Attendee SALMA = new Attendee("a-1", "e-2026", "R-1", "Salma", "Benali", "Casa Transport", "Directrice",
            "salma@example.ma", null, "MA", true, 1, null);

    private static ScanRequest request(Instant scannedAt) {
        return new ScanRequest(SCAN_ID, "badge", null, null, scannedAt, null, null, null, null, null);
    }

    private static ScanRequest qualified(JsonNode rating, Integer formVersion, Map<String, JsonNode> answers, List<String> tags,
                                         String note) {
        return new ScanRequest(SCAN_ID, "badge", null, null, NOW, rating, formVersion, answers, tags, note);
    }

    private static ScanCheck check(ScanRequest request, Attendee attendee, Tenant scanner) {
        return ScanChecks.check(request, attendee, EXHIBITOR, scanner, NOW, edition -> Optional.of(FAIR));
    }

    private static ScanCheck.Refused refused(ScanCheck outcome) {
        assertThat(outcome).isInstanceOf(ScanCheck.Refused.class);
        return (ScanCheck.Refused) outcome;
    }

    private static ScanAccepted passed(ScanCheck outcome) {
        assertThat(outcome).isInstanceOf(ScanCheck.Passed.class);
        return ((ScanCheck.Passed) outcome).scan();
    }

    @Test
    void a_plain_scan_by_a_staff_member_passes_as_theirs() {
        ScanCheck outcome = check(request(NOW.minusSeconds(30)), SALMA, AMINE);

        ScanAccepted scan = passed(outcome);
        assertThat(((ScanCheck.Passed) outcome).attendee()).isEqualTo(SALMA);
        assertThat(scan.scanId()).isEqualTo(SCAN_ID.toString());
        assertThat(scan.exhibitorId()).isEqualTo("x-1");
        assertThat(scan.editionId()).isEqualTo("e-2026");
        assertThat(scan.attendeeId()).isEqualTo("a-1");
        assertThat(scan.staffId()).isEqualTo("amine");
        assertThat(scan.deviceId()).isNull();
        assertThat(scan.scannedAt()).isEqualTo(NOW.minusSeconds(30));
        assertThat(scan.receivedAt()).isEqualTo(NOW);
        assertThat(scan.qualifies()).isFalse();
        assertThat(scan.flags()).isEmpty();
    }

    @Test
    void a_scan_by_a_shared_device_names_the_device_not_a_staff_member() {
        ScanAccepted scan = passed(check(request(NOW), SALMA, DEVICE));

        assertThat(scan.staffId()).isNull();
        assertThat(scan.deviceId()).isEqualTo("device-7");
    }

    @Test
    void a_visitor_the_directory_does_not_hold_for_the_edition_is_unknown() {
        Attendee elsewhere = new Attendee("a-1", "e-2025", "R-1", "Salma", "Benali", null, null, null, null, null, true, 1, null);

        assertThat(refused(check(request(NOW), null, AMINE)).reason()).isEqualTo("UNKNOWN_ATTENDEE");
        assertThat(refused(check(request(NOW), elsewhere, AMINE)).reason()).isEqualTo("UNKNOWN_ATTENDEE");
    }

    @Test
    void an_erased_visitors_badge_is_no_longer_valid() {
        Attendee erased = new Attendee("a-1", "e-2026", null, null, null, null, null, null, null, null, false, List.of(), true,
                NOW.minusSeconds(3600), 2, null);

        ScanCheck.Refused refusal = refused(check(request(NOW), erased, AMINE));

        assertThat(refusal.reason()).isEqualTo("ATTENDEE_ERASED");
        assertThat(refusal.fields()).isEmpty();
    }

    @Test
    void a_scan_time_no_store_keeps_is_refused_on_its_field() {
        for (Instant outside : List.of(Instant.parse("1969-12-31T23:59:59Z"), Instant.parse("+10000-01-01T00:00:00Z"))) {
            ScanCheck.Refused refusal = refused(check(request(outside), SALMA, AMINE));

            assertThat(refusal.reason()).isEqualTo("INVALID_SCAN_TIME");
            assertThat(refusal.fields()).containsOnlyKeys("scannedAt");
        }
        assertThat(passed(check(request(Instant.parse("1970-01-01T00:00:00Z")), SALMA, AMINE)).flags())
                .as("odd but storable: taken and flagged").containsExactly(ScanFlag.OUTSIDE_EDITION_DATES);
    }

    @Test
    void a_rating_must_be_a_whole_number_from_one_to_five() {
        for (JsonNode wrong : List.of(NODES.numberNode(0), NODES.numberNode(6), NODES.numberNode(2.5), NODES.stringNode("4"),
                NODES.numberNode(4_000_000_000L))) {
            ScanCheck.Refused refusal = refused(check(qualified(wrong, null, null, null, null), SALMA, AMINE));

            assertThat(refusal.reason()).as(wrong.toString()).isEqualTo("INVALID_QUALIFICATION");
            assertThat(refusal.fields()).containsOnlyKeys("rating");
        }
        assertThat(passed(check(qualified(NODES.numberNode(5), null, null, null, null), SALMA, AMINE)).rating()).isEqualTo(5);
        assertThat(passed(check(qualified(NODES.nullNode(), null, null, null, null), SALMA, AMINE)).rating()).isNull();
    }

    @Test
    void answers_follow_the_form_version_given_or_else_the_current_one() {
        ScanAccepted current = passed(check(qualified(null, null, Map.of("budget", NODES.stringNode("high")), null, null), SALMA, AMINE));
        ScanAccepted given = passed(check(qualified(null, 2, Map.of("team", NODES.numberNode(3)), null, null), SALMA, AMINE));

        assertThat(current.formVersion()).isEqualTo(2);
        assertThat(current.answers()).containsExactly(Map.entry("budget", "high"));
        assertThat(given.answers()).containsExactly(Map.entry("team", 3));
    }

    @Test
    void a_null_answer_is_no_answer_on_a_scan() {
        Map<String, JsonNode> answers = new HashMap<>();
        answers.put("budget", NODES.nullNode());
        answers.put("team", NODES.numberNode(2));

        ScanAccepted scan = passed(check(qualified(null, 2, answers, null, null), SALMA, AMINE));

        assertThat(scan.answers()).containsExactly(Map.entry("team", 2));
    }

    @Test
    void answers_without_a_form_or_on_an_unknown_version_are_refused_on_their_field() {
        BoothExhibitor formless = new BoothExhibitor("x-1", "e-2026", 3, ExhibitorStatus.APPROVED, "Atlas Mobility", "B12",
                List.of("amine"), List.of(), null, Map.of(), Map.of());
        Map<String, JsonNode> answers = Map.of("budget", NODES.stringNode("high"));

        ScanCheck.Refused noForm = refused(ScanChecks.check(qualified(null, null, answers, null, null), SALMA, formless, AMINE, NOW,
                edition -> Optional.empty()));
        ScanCheck.Refused unknownVersion = refused(check(qualified(null, 7, answers, null, null), SALMA, AMINE));

        assertThat(noForm.fields()).containsOnlyKeys("answers");
        assertThat(unknownVersion.fields()).containsEntry("formVersion", "form version 7 is unknown");
    }

    @Test
    void every_problem_of_the_qualification_is_named_at_once() {
        List<String> tooManyTags = new ArrayList<>(Collections.nCopies(Lead.MAX_TAGS + 1, "vip"));

        ScanCheck.Refused refusal = refused(check(qualified(NODES.numberNode(9), null, Map.of("budget", NODES.stringNode("huge"),
                "colour", NODES.stringNode("blue")), tooManyTags, "x".repeat(Lead.MAX_NOTE + 1)), SALMA, AMINE));

        assertThat(refusal.reason()).isEqualTo("INVALID_QUALIFICATION");
        assertThat(refusal.fields()).containsOnlyKeys("rating", "answers.budget", "answers.colour", "tags", "note");
        assertThat(refusal.message()).startsWith("The qualification taken with the scan is invalid");
    }

    @Test
    void a_tag_on_two_lines_is_refused_at_its_index() {
        ScanCheck.Refused refusal = refused(check(qualified(null, null, null, List.of("vip", "two\nlines"), null), SALMA, AMINE));

        assertThat(refusal.fields()).containsOnlyKeys("tags[1]");
    }

    @Test
    void tags_and_note_are_kept_trimmed_and_a_blank_note_is_none() {
        ScanAccepted scan = passed(check(qualified(null, null, null, List.of(" vip ", "vip", "mobility"), "  Call back  "), SALMA, AMINE));
        ScanAccepted blank = passed(check(qualified(null, null, null, null, "   "), SALMA, AMINE));

        assertThat(scan.tags()).containsExactly("vip", "mobility");
        assertThat(scan.note()).isEqualTo("Call back");
        assertThat(blank.note()).isNull();
        assertThat(blank.qualifies()).isFalse();
    }

    @Test
    void a_note_of_the_longest_length_passes() {
        assertThat(passed(check(qualified(null, null, null, null, "x".repeat(Lead.MAX_NOTE)), SALMA, AMINE)).note())
                .hasSize(Lead.MAX_NOTE);
    }

    @Test
    void a_device_time_ahead_beyond_the_clocks_drift_is_flagged_not_refused() {
        assertThat(passed(check(request(NOW.plus(ScanChecks.CLOCK_TOLERANCE)), SALMA, AMINE)).flags()).isEmpty();
        assertThat(passed(check(request(NOW.plus(ScanChecks.CLOCK_TOLERANCE).plusSeconds(1)), SALMA, AMINE)).flags())
                .containsExactly(ScanFlag.FUTURE_SCAN_TIME);
    }

    @Test
    void a_scan_on_a_day_the_edition_does_not_run_in_its_time_zone_is_flagged() {
        // 23:30 UTC on the 26th is 00:30 on the 27th in Casablanca (UTC+1): the day after the fair.
        Instant afterTheFair = Instant.parse("2026-11-26T23:30:00Z");
        Instant lastEvening = Instant.parse("2026-11-26T22:30:00Z");

        assertThat(ScanChecks.flags(afterTheFair, afterTheFair, Optional.of(FAIR))).containsExactly(ScanFlag.OUTSIDE_EDITION_DATES);
        assertThat(ScanChecks.flags(lastEvening, lastEvening, Optional.of(FAIR))).isEmpty();
        assertThat(ScanChecks.flags(afterTheFair, afterTheFair, Optional.empty())).as("dates not known yet").isEmpty();
        assertThat(ScanChecks.flags(afterTheFair.plusSeconds(86_400), NOW, Optional.of(FAIR)))
                .containsExactly(ScanFlag.FUTURE_SCAN_TIME, ScanFlag.OUTSIDE_EDITION_DATES);
    }

    @Test
    void the_editions_dates_are_read_only_for_a_scan_that_passed() {
        AtomicInteger reads = new AtomicInteger();
        Function<String, Optional<EditionDates>> editions = editionId -> {
            reads.incrementAndGet();
            assertThat(editionId).isEqualTo("e-2026");
            return Optional.of(FAIR);
        };

        ScanChecks.check(qualified(NODES.numberNode(0), null, null, null, null), SALMA, EXHIBITOR, AMINE, NOW, editions);
        ScanChecks.check(request(NOW), null, EXHIBITOR, AMINE, NOW, editions);
        assertThat(reads).hasValue(0);

        ScanChecks.check(request(NOW), SALMA, EXHIBITOR, AMINE, NOW, editions);
        assertThat(reads).hasValue(1);
    }

    @Test
    void refusals_made_by_name_carry_their_reason() {
        assertThat(ScanCheck.Refused.reused("s-1")).isEqualTo(new ScanCheck.Refused("SCAN_ID_REUSED",
                "scanId s-1 was already used for another badge", Map.of()));
        assertThat(ScanCheck.Refused.erased().reason()).isEqualTo("ATTENDEE_ERASED");
    }

    private static final WalkInVisitor.Consent AGREED = new WalkInVisitor.Consent(NOW.minusSeconds(20), "2026.12/fr");

    private static WalkInVisitor nadia() {
        return new WalkInVisitor(" Nadia ", "Tazi", "Atlas Logistique", "Nadia.Tazi@Atlas-Logistique.ma", "+212 6 61 23 45 67", AGREED);
    }

    private static ScanRequest walkIn(WalkInVisitor visitor) {
        return new ScanRequest(SCAN_ID, null, null, visitor, NOW, null, null, null, null, null);
    }

    private static ScanCheck.Refused refusedWalkIn(WalkInVisitor visitor) {
        BadgeCheck named = ScanChecks.named(walkIn(visitor), EXHIBITOR, NOW);
        assertThat(named).isInstanceOf(ScanCheck.Refused.class);
        return (ScanCheck.Refused) named;
    }

    @Test
    void a_walk_in_with_consent_becomes_a_visitor_of_this_exhibitor_only_named_after_the_scan() {
        BadgeCheck named = ScanChecks.named(walkIn(nadia()), EXHIBITOR, NOW);

        assertThat(named).isInstanceOf(BadgeCheck.WalkedIn.class);
        Attendee visitor = ((BadgeCheck.WalkedIn) named).visitor();
        assertThat(visitor.id()).isEqualTo(WalkInVisitor.attendeeId("x-1", SCAN_ID.toString()))
                .as("the same scan sent again names the same visitor").isEqualTo(((BadgeCheck.WalkedIn) ScanChecks.named(
                        walkIn(nadia()), EXHIBITOR, NOW.plusSeconds(60))).visitor().id())
                .isNotEqualTo(WalkInVisitor.attendeeId("x-2", SCAN_ID.toString()));
        assertThat(visitor.editionId()).isEqualTo("e-2026");
        assertThat(visitor.registrationId()).isNull();
        assertThat(visitor.firstName()).isEqualTo("Nadia");
        assertThat(visitor.email()).as("found by the privacy page however typed").isEqualTo("nadia.tazi@atlas-logistique.ma");
        assertThat(visitor.phone()).isEqualTo("+212 6 61 23 45 67");
        assertThat(visitor.shareContact()).isTrue();
        assertThat(visitor.walkIn()).isEqualTo(new Attendee.WalkIn("x-1", AGREED.agreedAt(), "2026.12/fr", NOW));
        assertThat(visitor.searchKeys()).as("never found by another booth's search").isEmpty();
        assertThat(visitor.contactAllowedFor("x-1")).isTrue();
        assertThat(visitor.contactAllowedFor("x-2")).isFalse();
        assertThat(visitor.contactAllowedFor(null)).as("not for exhibitors at large").isFalse();

        ScanAccepted scan = passed(check(walkIn(nadia()), visitor, AMINE));
        assertThat(scan.source()).isEqualTo(LeadSource.WALK_IN);
        assertThat(scan.attendeeId()).isEqualTo(visitor.id());
    }

    @Test
    void a_walk_in_without_the_visitors_consent_is_refused_whatever_else_it_holds() {
        for (WalkInVisitor.Consent missing : java.util.Arrays.asList(null, new WalkInVisitor.Consent(null, "2026.12/fr"),
                new WalkInVisitor.Consent(NOW, " "), new WalkInVisitor.Consent(Instant.parse("+10000-01-01T00:00:00Z"), "v1"))) {
            WalkInVisitor visitor = new WalkInVisitor("Nadia", "Tazi", null, "not-an-email", null, missing);
            ScanCheck.Refused refusal = refusedWalkIn(visitor);

            assertThat(refusal.reason()).isEqualTo("WALK_IN_NO_CONSENT");
            assertThat(refusal.fields()).containsKeys("walkIn.consent", "walkIn.email");
        }
    }

    @Test
    void a_walk_ins_details_are_refused_field_by_field_with_the_first_problems_reason_and_never_their_values() {
        WalkInVisitor good = nadia();
        assertThat(refusedWalkIn(new WalkInVisitor(" ", null, "Atlas", good.email(), null, AGREED)).reason())
                .isEqualTo("WALK_IN_NAME_MISSING");
        assertThat(refusedWalkIn(new WalkInVisitor("Nadia", null, null, null, null, AGREED)).fields())
                .containsEntry("walkIn.email", "is required");
        ScanCheck.Refused badEmail = refusedWalkIn(new WalkInVisitor("Nadia", null, null, "nadia at atlas", "12", AGREED));
        assertThat(badEmail.reason()).isEqualTo("WALK_IN_BAD_EMAIL");
        assertThat(badEmail.fields()).containsOnlyKeys("walkIn.email", "walkIn.phone");
        assertThat(badEmail.message()).doesNotContain("nadia at atlas");
        for (String phone : List.of("12345", "+212 6 61 23 45 67 89 01 23", "06-61-23+45-67", "call me")) {
            assertThat(refusedWalkIn(new WalkInVisitor("Nadia", null, null, good.email(), phone, AGREED)).reason())
                    .as(phone).isEqualTo("WALK_IN_BAD_PHONE");
        }
        for (String phone : List.of("0661234567", "+212 (0)6 61.23.45.67", "+33-1-23-45-67-89")) {
            assertThat(ScanChecks.named(walkIn(new WalkInVisitor("Nadia", null, null, good.email(), phone, AGREED)), EXHIBITOR, NOW))
                    .as(phone).isInstanceOf(BadgeCheck.WalkedIn.class);
        }
        ScanCheck.Refused tooLong = refusedWalkIn(new WalkInVisitor("N".repeat(101), "Tazi", "C".repeat(201), good.email(), null,
                new WalkInVisitor.Consent(NOW, "v".repeat(41))));
        assertThat(tooLong.reason()).isEqualTo("WALK_IN_TOO_LONG");
        assertThat(tooLong.fields()).containsOnlyKeys("walkIn.firstName", "walkIn.company", "walkIn.consent.textVersion");
        assertThat(refusedWalkIn(new WalkInVisitor("Nadia", "Tazi\nBcc: x@y.z", null, good.email(), null, AGREED)).reason())
                .isEqualTo("WALK_IN_BAD_TEXT");
    }

    @Test
    void a_scan_names_its_visitor_exactly_one_way() {
        ScanRequest badgeAndWalkIn = new ScanRequest(SCAN_ID, "badge", null, nadia(), NOW, null, null, null, null, null);
        ScanRequest lookupAndWalkIn = new ScanRequest(SCAN_ID, null, new ScanRequest.Lookup("a-1"), nadia(), NOW, null, null, null,
                null, null);
        ScanRequest none = new ScanRequest(SCAN_ID, " ", null, null, NOW, null, null, null, null, null);

        for (ScanRequest request : List.of(badgeAndWalkIn, lookupAndWalkIn, none)) {
            BadgeCheck named = ScanChecks.named(request, EXHIBITOR, NOW);
            assertThat(named).isInstanceOf(ScanCheck.Refused.class);
            assertThat(((ScanCheck.Refused) named).reason()).isEqualTo("BADGE_OR_LOOKUP");
        }
        assertThat(ScanChecks.named(request(NOW), EXHIBITOR, NOW)).as("a badge is verified next").isNull();
    }

    @Test
    void a_walk_in_is_reached_by_their_own_walk_in_scan_only() {
        Attendee visitor = ((BadgeCheck.WalkedIn) ScanChecks.named(walkIn(nadia()), EXHIBITOR, NOW)).visitor();
        ScanRequest lookup = new ScanRequest(SCAN_ID, null, new ScanRequest.Lookup(visitor.id()), null, NOW, null, null, null, null,
                null);
        BoothExhibitor neighbour = new BoothExhibitor("x-2", "e-2026", 3, ExhibitorStatus.APPROVED, "Neighbour", "B13",
                List.of("amine"), List.of(), 0, Map.of(), Map.of());
        Tenant neighbourStaff = new Tenant("amine@neighbour.ma", List.of("STAFF"), "x-2", "amine");

        assertThat(refused(check(lookup, visitor, AMINE)).reason()).as("looked up").isEqualTo("UNKNOWN_ATTENDEE");
        assertThat(refused(check(request(NOW), visitor, AMINE)).reason()).as("a badge naming them").isEqualTo("UNKNOWN_ATTENDEE");
        assertThat(refused(ScanChecks.check(walkIn(nadia()), visitor, neighbour, neighbourStaff, NOW, edition -> Optional.of(FAIR)))
                .reason()).as("another booth").isEqualTo("UNKNOWN_ATTENDEE");
        assertThat(refused(check(walkIn(nadia()), SALMA, AMINE)).reason()).as("a registered visitor's record")
                .isEqualTo("UNKNOWN_ATTENDEE");
        Attendee erased = new Attendee(visitor.id(), "e-2026", null, null, null, null, null, null, null, null, false, List.of(), true,
                NOW, 2, List.of(), null, visitor.walkIn());
        assertThat(refused(check(walkIn(nadia()), erased, AMINE)).reason()).as("sent again after their erasure")
                .isEqualTo("ATTENDEE_ERASED");
    }
}
