package io.expoleads.lead.lead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.expoleads.events.AttendeeView;
import io.expoleads.events.EventTypes;
import io.expoleads.events.LeadNote;
import io.expoleads.events.LeadSource;
import io.expoleads.events.ScanAccepted;
import io.expoleads.events.ScanFlag;
import io.expoleads.lead.attendee.Attendee;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The lead's rules, without Spring, MongoDB or Kafka: how scans, qualifications, refreshes and privacy requests change it. */
class LeadTest {

    private static final String EXHIBITOR = "x-1";
    private static final String EDITION = "e-2026";
    private static final Instant NINE = Instant.parse("2026-11-24T09:00:00Z");
    private static final AttendeeView SALMA = new AttendeeView("a-1", EDITION, "R-1", "Salma", "Benali", "Casa Transport",
            "Directrice", "salma@example.ma", "+212 600 000 000", "MA", true);

    private static ScanAccepted scan(String scanId, String staffId, Instant scannedAt) {
        return new ScanAccepted(scanId, EXHIBITOR, EDITION, "a-1", staffId, null, scannedAt, scannedAt.plusSeconds(1),
                null, null, Map.of(), List.of(), null, List.of());
    }

    private static ScanAccepted qualifyingScan(String scanId, String staffId, Instant scannedAt, Integer rating,
                                               Integer formVersion, Map<String, Object> answers, List<String> tags, String note) {
        return new ScanAccepted(scanId, EXHIBITOR, EDITION, "a-1", staffId, null, scannedAt, scannedAt.plusSeconds(1),
                rating, formVersion, answers, tags, note, List.of());
    }

    private static Lead first() {
        return Lead.firstScan(scan("s-1", "amine", NINE), SALMA);
    }

    /** A staff member's qualification that sets only what is given. */
    private static Qualification by(String author, Integer rating, Integer formVersion, Map<String, Object> answers) {
        return new Qualification(author, NINE.plusSeconds(3600), rating != null, rating, formVersion, answers, null, null,
                null, null, false, null);
    }

    private static Qualification tags(Set<String> replace, Set<String> add, Set<String> remove) {
        return new Qualification("amine", NINE.plusSeconds(3600), false, null, null, null, replace, add, remove, null, false, null);
    }

    private static Qualification note(String author, String text) {
        return new Qualification(author, NINE.plusSeconds(3600), false, null, null, null, null, null, null, null, true, text);
    }

    private static Map<String, Object> answers(Object... keysAndValues) {
        Map<String, Object> answers = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            answers.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return answers;
    }

    @Nested
    class A_first_scan {

        @Test
        void makes_the_lead_of_the_exhibitor_and_attendee_at_revision_one() {
            Lead lead = first();

            assertThat(lead.id()).isEqualTo(Lead.idOf(EXHIBITOR, "a-1"));
            assertThat(lead.exhibitorId()).isEqualTo(EXHIBITOR);
            assertThat(lead.editionId()).isEqualTo(EDITION);
            assertThat(lead.attendee()).isEqualTo(SALMA);
            assertThat(lead.searchText()).isEqualTo("salma benali casa transport");
            assertThat(lead.scanCount()).isEqualTo(1);
            assertThat(lead.scans()).extracting(ScanRecord::scanId).containsExactly("s-1");
            assertThat(lead.firstScanAt()).isEqualTo(NINE);
            assertThat(lead.lastScanAt()).isEqualTo(NINE);
            assertThat(lead.lastScannedBy()).isEqualTo("amine");
            assertThat(lead.scannedBy()).containsExactly("amine");
            assertThat(lead.updatedAt()).isEqualTo(NINE.plusSeconds(1));
            assertThat(lead.revision()).isEqualTo(1);
            assertThat(lead.erased()).isFalse();
        }

        @Test
        void without_qualification_leaves_rating_answers_tags_and_notes_empty() {
            Lead lead = first();

            assertThat(lead.rating()).isNull();
            assertThat(lead.formVersion()).isNull();
            assertThat(lead.answers()).isEmpty();
            assertThat(lead.tags()).isEmpty();
            assertThat(lead.notes()).isEmpty();
            assertThat(lead.followUp()).isFalse();
        }

        @Test
        void takes_the_qualification_given_at_the_booth_as_the_scanners_own() {
            Lead lead = Lead.firstScan(qualifyingScan("s-1", "amine", NINE, 4, 2, answers("budget", "high"),
                    List.of("vip", "mobility"), "  Wants a demo  "), SALMA);

            assertThat(lead.rating()).isEqualTo(4);
            assertThat(lead.formVersion()).isEqualTo(2);
            assertThat(lead.answers()).containsExactly(Map.entry("budget", "high"));
            assertThat(lead.tags()).containsExactly("mobility", "vip");
            assertThat(lead.notes()).containsExactly(new LeadNote("amine", "Wants a demo", NINE.plusSeconds(1)));
            assertThat(lead.revision()).as("one write, however many rules applied").isEqualTo(2);
            assertThat(lead.writtenAfter(null).revision()).isEqualTo(1);
        }

        @Test
        void by_a_shared_device_is_the_devices_and_a_blank_note_is_no_note() {
            ScanAccepted byDevice = new ScanAccepted("s-1", EXHIBITOR, EDITION, "a-1", null, "device-7", NINE, NINE, 3, null,
                    Map.of(), List.of(), "   ", List.of(ScanFlag.FUTURE_SCAN_TIME));

            Lead lead = Lead.firstScan(byDevice, SALMA);

            assertThat(lead.scannedBy()).containsExactly("device-7");
            assertThat(lead.lastScannedBy()).isEqualTo("device-7");
            assertThat(lead.rating()).isEqualTo(3);
            assertThat(lead.notes()).isEmpty();
            assertThat(lead.flags()).containsExactly(ScanFlag.FUTURE_SCAN_TIME);
        }

        @Test
        void by_nobody_known_qualifies_as_the_booth() {
            ScanAccepted anonymous = new ScanAccepted("s-1", EXHIBITOR, EDITION, "a-1", null, null, NINE, NINE, null, null,
                    Map.of(), List.of(), "Met at the door", List.of());

            Lead lead = Lead.firstScan(anonymous, SALMA);

            assertThat(lead.scannedBy()).isEmpty();
            assertThat(lead.lastScannedBy()).isNull();
            assertThat(lead.notes()).extracting(LeadNote::authorId).containsExactly("booth");
        }
    }

    @Nested
    class A_scan_again {

        @Test
        void with_a_scan_id_the_lead_holds_changes_nothing() {
            Lead lead = first();
            ScanAccepted resent = qualifyingScan("s-1", "salma", NINE.plusSeconds(600), 5, null, Map.of(), List.of("late"), "other");

            assertThat(lead.withScan(resent)).isSameAs(lead);
        }

        @Test
        void counts_one_more_scan_and_makes_a_later_one_the_last() {
            Lead lead = first().withScan(scan("s-2", "salma", NINE.plusSeconds(600)));

            assertThat(lead.scanCount()).isEqualTo(2);
            assertThat(lead.firstScanAt()).isEqualTo(NINE);
            assertThat(lead.lastScanAt()).isEqualTo(NINE.plusSeconds(600));
            assertThat(lead.lastScannedBy()).isEqualTo("salma");
            assertThat(lead.scannedBy()).containsExactly("amine", "salma");
            assertThat(lead.updatedAt()).isEqualTo(NINE.plusSeconds(601));
        }

        @Test
        void arriving_late_with_an_earlier_time_takes_its_place_among_the_scans() {
            Lead lead = first().withScan(scan("s-2", "salma", NINE.plusSeconds(600)))
                    .withScan(scan("s-0", "youssef", NINE.minusSeconds(3600)));

            assertThat(lead.scans()).extracting(ScanRecord::scanId).containsExactly("s-0", "s-1", "s-2");
            assertThat(lead.firstScanAt()).isEqualTo(NINE.minusSeconds(3600));
            assertThat(lead.lastScanAt()).as("the latest scan stays the last").isEqualTo(NINE.plusSeconds(600));
            assertThat(lead.lastScannedBy()).isEqualTo("salma");
            assertThat(lead.scannedBy()).as("scanners in the order they were heard of").containsExactly("amine", "salma", "youssef");
        }

        @Test
        void at_the_same_time_as_the_last_becomes_the_last() {
            Lead lead = first().withScan(scan("s-2", "salma", NINE));

            assertThat(lead.lastScannedBy()).isEqualTo("salma");
            assertThat(lead.firstScanAt()).isEqualTo(NINE);
        }

        @Test
        void by_the_same_scanner_lists_them_once() {
            Lead lead = first().withScan(scan("s-2", "amine", NINE.plusSeconds(60)));

            assertThat(lead.scannedBy()).containsExactly("amine");
            assertThat(lead.scanCount()).isEqualTo(2);
        }

        @Test
        void adds_its_flags_to_the_leads() {
            ScanAccepted odd = new ScanAccepted("s-2", EXHIBITOR, EDITION, "a-1", "salma", null, NINE, NINE, null, null,
                    Map.of(), List.of(), null, List.of(ScanFlag.OUTSIDE_EDITION_DATES));
            ScanAccepted odder = new ScanAccepted("s-3", EXHIBITOR, EDITION, "a-1", "salma", null, NINE, NINE, null, null,
                    Map.of(), List.of(), null, List.of(ScanFlag.OUTSIDE_EDITION_DATES, ScanFlag.FUTURE_SCAN_TIME));

            Lead lead = first().withScan(odd).withScan(odder);

            assertThat(lead.flags()).containsExactlyInAnyOrder(ScanFlag.OUTSIDE_EDITION_DATES, ScanFlag.FUTURE_SCAN_TIME);
        }

        @Test
        void merges_its_qualification_with_the_leads_keeping_both_scanners_notes() {
            Lead lead = Lead.firstScan(qualifyingScan("s-1", "amine", NINE, 3, 1, answers("budget", "high"), List.of("vip"),
                    "First contact"), SALMA);

            Lead again = lead.withScan(qualifyingScan("s-2", "salma", NINE.plusSeconds(60), null, 1, answers("team", "12"),
                    List.of("mobility"), "Call back"));

            assertThat(again.rating()).as("a scan without rating keeps the lead's").isEqualTo(3);
            assertThat(again.answers()).containsOnly(Map.entry("budget", "high"), Map.entry("team", "12"));
            assertThat(again.tags()).containsExactly("mobility", "vip");
            assertThat(again.notes()).extracting(LeadNote::authorId, LeadNote::text)
                    .containsExactly(tuple("amine", "First contact"),
                            tuple("salma", "Call back"));
        }
    }

    @Nested
    class A_walk_in {

        private ScanAccepted walkIn(String scanId, Instant scannedAt) {
            return scan(scanId, "amine", scannedAt).withSource(LeadSource.WALK_IN);
        }

        @Test
        void makes_a_lead_flagged_as_a_walk_in_that_keeps_its_flag_through_qualification_withdrawal_and_erasure() {
            Lead lead = Lead.firstScan(walkIn("s-1", NINE), SALMA).writtenAfter(null);

            assertThat(lead.source()).isEqualTo(LeadSource.WALK_IN);
            assertThat(lead.view().source()).isEqualTo(LeadSource.WALK_IN);
            assertThat(lead.scans()).extracting(ScanRecord::source).containsExactly(LeadSource.WALK_IN);
            assertThat(lead.qualified(by("amine", 5, null, null)).source()).isEqualTo(LeadSource.WALK_IN);
            assertThat(lead.withoutContact(NINE.plusSeconds(60)).source()).isEqualTo(LeadSource.WALK_IN);
            assertThat(lead.withScan(walkIn("s-1", NINE))).as("the same scan delivered again").isSameAs(lead);
            Lead scrubbed = lead.scrubbed(NINE.plusSeconds(120));
            assertThat(scrubbed.source()).as("an erased walk-in's lead keeps how it was taken").isEqualTo(LeadSource.WALK_IN);
            assertThat(scrubbed.attendee().email()).isNull();
        }
    }

    @Nested
    class A_looked_up_visitor {

        private ScanAccepted lookup(String scanId, String staffId, Instant scannedAt) {
            return scan(scanId, staffId, scannedAt).withSource(LeadSource.LOOKUP);
        }

        @Test
        void makes_a_lead_flagged_as_looked_up_in_its_view_and_its_scan() {
            Lead lead = Lead.firstScan(lookup("s-1", "amine", NINE), SALMA);

            assertThat(lead.source()).isEqualTo(LeadSource.LOOKUP);
            assertThat(lead.view().source()).isEqualTo(LeadSource.LOOKUP);
            assertThat(lead.scans()).extracting(ScanRecord::source).containsExactly(LeadSource.LOOKUP);
        }

        @Test
        void stays_looked_up_while_every_scan_is_a_lookup() {
            Lead lead = Lead.firstScan(lookup("s-1", "amine", NINE), SALMA).withScan(lookup("s-2", "salma", NINE.plusSeconds(60)));

            assertThat(lead.source()).isEqualTo(LeadSource.LOOKUP);
            assertThat(lead.scanCount()).isEqualTo(2);
        }

        @Test
        void becomes_a_badge_lead_once_a_badge_is_read_whatever_order_the_scans_arrive_in() {
            ScanAccepted lookedUp = lookup("s-1", "amine", NINE);
            ScanAccepted badge = scan("s-2", "salma", NINE.plusSeconds(60));

            Lead badgeLater = Lead.captured(null, List.of(lookedUp, badge), SALMA);
            Lead badgeFirst = Lead.captured(null, List.of(badge, lookedUp), SALMA);
            Lead lookedUpAfterBadge = first().withScan(lookup("s-3", "salma", NINE.plusSeconds(120)));

            assertThat(badgeLater.source()).as("a later badge scan proves who the visitor is").isEqualTo(LeadSource.BADGE);
            assertThat(badgeFirst.source()).isEqualTo(LeadSource.BADGE);
            assertThat(lookedUpAfterBadge.source()).as("a lookup never takes the badge's proof away").isEqualTo(LeadSource.BADGE);
            assertThat(badgeLater.scans()).extracting(ScanRecord::source).containsExactly(LeadSource.LOOKUP, LeadSource.BADGE);
            assertThat(badgeLater.view().source()).isEqualTo(LeadSource.BADGE);
        }

        @Test
        void keeps_its_flag_through_qualification_refresh_withdrawal_and_erasure() {
            Lead lead = Lead.firstScan(lookup("s-1", "amine", NINE), SALMA).writtenAfter(null);

            assertThat(lead.qualified(by("amine", 4, null, null)).source()).isEqualTo(LeadSource.LOOKUP);
            assertThat(lead.withoutContact(NINE.plusSeconds(60)).source()).isEqualTo(LeadSource.LOOKUP);
            assertThat(lead.writtenAfter(lead).source()).isEqualTo(LeadSource.LOOKUP);
            Lead scrubbed = lead.scrubbed(NINE.plusSeconds(120));
            assertThat(scrubbed.source()).as("an erased visitor's lead keeps how it was taken").isEqualTo(LeadSource.LOOKUP);
            assertThat(scrubbed.view().source()).isEqualTo(LeadSource.LOOKUP);
        }

        @Test
        void a_lead_stored_before_lookups_existed_reads_as_a_badge_lead() {
            Lead stored = first();
            Lead old = new Lead(stored.id(), stored.exhibitorId(), stored.editionId(), stored.attendeeId(), stored.attendee(),
                    stored.searchText(), List.of(new ScanRecord("s-1", "amine", null, NINE, NINE, List.of(), null)), 1, NINE, NINE,
                    "amine", List.of("amine"), null, null, Map.of(), List.of(), false, List.of(), List.of(), NINE, 1, List.of(),
                    null, null);

            assertThat(old.source()).isEqualTo(LeadSource.BADGE);
            assertThat(old.scans()).extracting(ScanRecord::source).containsExactly(LeadSource.BADGE);
        }
    }

    @Nested
    class Scans_captured_together {

        @Test
        void make_one_lead_applied_in_order_each_scan_id_once() {
            List<ScanAccepted> poll = List.of(scan("s-1", "amine", NINE), scan("s-2", "salma", NINE.plusSeconds(60)),
                    scan("s-1", "amine", NINE), scan("s-0", "youssef", NINE.minusSeconds(60)));

            Lead lead = Lead.captured(null, poll, SALMA);

            assertThat(lead.scanCount()).isEqualTo(3);
            assertThat(lead.scans()).extracting(ScanRecord::scanId).containsExactly("s-0", "s-1", "s-2");
            assertThat(lead.firstScanAt()).isEqualTo(NINE.minusSeconds(60));
            assertThat(lead.lastScannedBy()).isEqualTo("salma");
            assertThat(lead.scannedBy()).containsExactly("amine", "salma", "youssef");
            assertThat(lead.writtenAfter(null).revision()).isEqualTo(1);
        }

        @Test
        void on_a_stored_lead_are_one_write_after_it() {
            Lead stored = first().writtenAfter(null);

            Lead lead = Lead.captured(stored, List.of(scan("s-2", "salma", NINE.plusSeconds(60)),
                    scan("s-3", "salma", NINE.plusSeconds(120))), SALMA).writtenAfter(stored);

            assertThat(lead.scanCount()).isEqualTo(3);
            assertThat(lead.revision()).isEqualTo(2);
        }

        @Test
        void the_stored_lead_holds_already_leave_it_as_it_is() {
            Lead stored = Lead.captured(null, List.of(scan("s-1", "amine", NINE), scan("s-2", "salma", NINE)), SALMA);

            assertThat(Lead.captured(stored, List.of(scan("s-2", "salma", NINE), scan("s-1", "amine", NINE)), SALMA))
                    .isSameAs(stored);
        }

        @Test
        void keep_the_attendee_the_stored_lead_shows() {
            Lead stored = first();
            AttendeeView renamed = new AttendeeView("a-1", EDITION, "R-1", "Salma", "Alaoui", null, null, null, null, null, false);

            Lead lead = Lead.captured(stored, List.of(scan("s-2", "salma", NINE)), renamed);

            assertThat(lead.attendee()).as("a refresh, not a scan, changes the attendee shown").isEqualTo(SALMA);
        }
    }

    @Nested
    class A_qualification {

        @Test
        void changing_nothing_leaves_the_lead_as_it_is() {
            Lead lead = first().qualified(by("amine", 4, null, Map.of()));

            assertThat(lead.qualified(by("amine", 4, null, Map.of()))).isSameAs(lead);
            assertThat(lead.qualified(by("salma", null, null, Map.of()))).isSameAs(lead);
        }

        @Test
        void sets_or_clears_the_rating_only_when_it_says_so() {
            Lead rated = first().qualified(by("amine", 5, null, Map.of()));
            Qualification clear = new Qualification("amine", NINE, true, null, null, null, null, null, null, null, false, null);

            assertThat(rated.rating()).isEqualTo(5);
            assertThat(rated.revision()).isEqualTo(2);
            assertThat(rated.updatedAt()).isEqualTo(NINE.plusSeconds(3600));
            assertThat(rated.qualified(clear).rating()).isNull();
        }

        @Test
        void merges_answers_by_question_a_null_removing_one() {
            Lead lead = first().qualified(by("amine", null, 1, answers("budget", "high", "team", "12")));

            Lead merged = lead.qualified(by("salma", null, 1, answers("budget", null, "timing", "Q1")));

            assertThat(merged.answers()).containsOnly(Map.entry("team", "12"), Map.entry("timing", "Q1"));
            assertThat(merged.formVersion()).isEqualTo(1);
        }

        @Test
        void answers_without_a_form_version_follow_the_leads() {
            Lead lead = first().qualified(by("amine", null, 2, answers("budget", "high")));

            Lead merged = lead.qualified(by("salma", null, null, answers("team", "12")));

            assertThat(merged.formVersion()).isEqualTo(2);
            assertThat(merged.answers()).containsOnly(Map.entry("budget", "high"), Map.entry("team", "12"));
        }

        @Test
        void on_a_newer_form_version_starts_the_answers_afresh() {
            Lead lead = first().qualified(by("amine", null, 1, answers("budget", "high", "team", "12")));

            Lead newer = lead.qualified(by("salma", null, 2, answers("interest", "parking")));

            assertThat(newer.formVersion()).isEqualTo(2);
            assertThat(newer.answers()).containsOnly(Map.entry("interest", "parking"));
        }

        @Test
        void on_an_older_form_version_takes_everything_but_its_answers() {
            Lead lead = first().qualified(by("amine", null, 2, answers("interest", "parking")));
            Qualification offline = new Qualification("salma", NINE, true, 2, 1, answers("budget", "low"), null, Set.of("late"),
                    null, true, false, null);

            Lead taken = lead.qualified(offline);

            assertThat(taken.formVersion()).isEqualTo(2);
            assertThat(taken.answers()).containsOnly(Map.entry("interest", "parking"));
            assertThat(taken.rating()).isEqualTo(2);
            assertThat(taken.tags()).containsExactly("late");
            assertThat(taken.followUp()).isTrue();
        }

        @Test
        void adds_and_removes_tags_so_two_authors_edits_both_survive() {
            Lead lead = first().qualified(tags(null, Set.of("vip", "mobility"), null));

            Lead edited = lead.qualified(tags(null, Set.of("energy"), Set.of("vip")));

            assertThat(edited.tags()).as("kept sorted").containsExactly("energy", "mobility");
        }

        @Test
        void replacing_tags_makes_them_exactly_those_given() {
            Lead lead = first().qualified(tags(null, Set.of("vip", "mobility"), null));

            assertThat(lead.qualified(tags(Set.of("water"), Set.of("energy"), Set.of())).tags()).containsExactly("energy", "water");
            assertThat(lead.qualified(tags(Set.of(), null, null)).tags()).isEmpty();
        }

        @Test
        void never_holds_more_tags_than_a_lead_may_keeping_the_ones_it_had() {
            Set<String> twenty = new LinkedHashSet<>();
            for (int i = 10; i < 10 + Lead.MAX_TAGS; i++) {
                twenty.add("t" + i);
            }
            Lead full = first().qualified(tags(null, twenty, null));

            Lead more = full.qualified(tags(null, Set.of("a-new"), null));
            Lead swapped = full.qualified(tags(null, Set.of("a-new"), Set.of("t10")));

            assertThat(more).as("an addition that does not fit is not taken").isSameAs(full);
            assertThat(swapped.tags()).hasSize(Lead.MAX_TAGS).contains("a-new").doesNotContain("t10");
        }

        @Test
        void sets_the_follow_up_flag_only_when_given() {
            Qualification follow = new Qualification("amine", NINE, false, null, null, null, null, null, null, true, false, null);

            Lead followed = first().qualified(follow);

            assertThat(followed.followUp()).isTrue();
            assertThat(followed.qualified(by("salma", 2, null, Map.of())).followUp()).isTrue();
        }

        @Test
        void keeps_one_note_per_author_replacing_only_the_authors_own() {
            Lead lead = first().qualified(note("amine", "Wants a demo")).qualified(note("salma", "Knows our CEO"));

            Lead rewritten = lead.qualified(note("amine", "  Demo booked  "));

            assertThat(rewritten.notes()).extracting(LeadNote::authorId, LeadNote::text)
                    .containsExactly(tuple("salma", "Knows our CEO"),
                            tuple("amine", "Demo booked"));
        }

        @Test
        void with_the_authors_note_unchanged_leaves_the_lead_as_it_is() {
            Lead lead = first().qualified(note("amine", "Wants a demo"));

            assertThat(lead.qualified(note("amine", " Wants a demo "))).isSameAs(lead);
        }

        @Test
        void with_a_blank_or_no_note_deletes_the_authors_own_only() {
            Lead lead = first().qualified(note("amine", "Wants a demo")).qualified(note("salma", "Knows our CEO"));

            assertThat(lead.qualified(note("amine", "  ")).notes()).extracting(LeadNote::authorId).containsExactly("salma");
            assertThat(lead.qualified(note("salma", null)).notes()).extracting(LeadNote::authorId).containsExactly("amine");
            assertThat(lead.qualified(note("youssef", null))).as("no note of theirs to delete").isSameAs(lead);
        }

        @Test
        void by_staff_is_refused_once_the_visitor_was_erased() {
            Lead erased = first().scrubbed(NINE.plusSeconds(7200));

            assertThatThrownBy(() -> erased.qualifiedBy(by("amine", 5, null, Map.of())))
                    .isInstanceOf(LeadErasedException.class)
                    .satisfies(refused -> assertThat(((LeadErasedException) refused).leadId()).isEqualTo(erased.id()));
            assertThat(first().qualifiedBy(by("amine", 5, null, Map.of())).rating()).isEqualTo(5);
        }
    }

    @Nested
    class The_attendee_shown {

        @Test
        void changes_with_the_directory_and_so_does_the_search_text() {
            AttendeeView married = new AttendeeView("a-1", EDITION, "R-1", "Salma", "Alaoui", "Casa Transport", "Directrice",
                    "salma@example.ma", "+212 600 000 000", "MA", true);

            Lead refreshed = first().withAttendee(married, NINE.plusSeconds(60));

            assertThat(refreshed.attendee()).isEqualTo(married);
            assertThat(refreshed.searchText()).isEqualTo("salma alaoui casa transport");
            assertThat(refreshed.updatedAt()).isEqualTo(NINE.plusSeconds(60));
            assertThat(refreshed.refreshEventType(first())).isEqualTo(EventTypes.LEAD_UPDATED);
        }

        @Test
        void unchanged_leaves_the_lead_as_it_is() {
            Lead lead = first();

            assertThat(lead.withAttendee(SALMA, NINE.plusSeconds(60))).isSameAs(lead);
        }

        @Test
        void losing_the_contact_is_published_as_a_withdrawal() {
            AttendeeView noContact = new AttendeeView("a-1", EDITION, "R-1", "Salma", "Benali", "Casa Transport", "Directrice",
                    null, null, "MA", false);

            Lead refreshed = first().withAttendee(noContact, NINE.plusSeconds(60));

            assertThat(refreshed.refreshEventType(first())).isEqualTo(EventTypes.LEAD_CONTACT_WITHDRAWN);
            assertThat(first().refreshEventType(refreshed)).as("contact coming back is an update").isEqualTo(EventTypes.LEAD_UPDATED);
        }
    }

    @Nested
    class Privacy {

        private Attendee attendee(List<String> withdrawnFrom, boolean erased, Instant erasedAt) {
            return new Attendee("a-1", EDITION, "R-1", "Salma", "Benali", "Casa Transport", "Directrice", "salma@example.ma",
                    "+212 600 000 000", "MA", true, withdrawnFrom, erased, erasedAt, 4, null);
        }

        @Test
        void a_contact_withdrawal_takes_email_and_phone_off_and_nothing_else() {
            Lead lead = first().qualified(note("amine", "Wants a demo"));

            Lead withdrawn = lead.withoutContact(NINE.plusSeconds(60));

            assertThat(withdrawn.attendee().email()).isNull();
            assertThat(withdrawn.attendee().phone()).isNull();
            assertThat(withdrawn.attendee().lastName()).isEqualTo("Benali");
            assertThat(withdrawn.notes()).isEqualTo(lead.notes());
            assertThat(withdrawn.holdsContact()).isFalse();
            assertThat(withdrawn.revision()).isEqualTo(lead.revision() + 1);
            assertThat(withdrawn.withoutContact(NINE.plusSeconds(120))).as("nothing more to withdraw").isSameAs(withdrawn);
        }

        @Test
        void an_erasure_leaves_ids_counts_and_times_only() {
            Lead lead = Lead.firstScan(qualifyingScan("s-1", "amine", NINE, 4, 1, answers("budget", "high"), List.of("vip"),
                    "Wants a demo"), SALMA).withScan(scan("s-2", "salma", NINE.plusSeconds(60)));
            Instant at = NINE.plusSeconds(7200);

            Lead erased = lead.scrubbed(at);

            assertThat(erased.erased()).isTrue();
            assertThat(erased.erasedAt()).isEqualTo(at);
            assertThat(erased.attendee()).isEqualTo(new AttendeeView("a-1", EDITION, null, null, null, null, null, null, null,
                    null, false));
            assertThat(erased.searchText()).isEmpty();
            assertThat(erased.answers()).isEmpty();
            assertThat(erased.tags()).isEmpty();
            assertThat(erased.notes()).isEmpty();
            assertThat(erased.holdsContact()).isFalse();
            assertThat(erased.scanCount()).isEqualTo(2);
            assertThat(erased.scannedBy()).containsExactly("amine", "salma");
            assertThat(erased.firstScanAt()).isEqualTo(NINE);
            assertThat(erased.rating()).isEqualTo(4);
            assertThat(erased.scrubbed(at.plusSeconds(60))).as("erased once").isSameAs(erased);
        }

        @Test
        void a_lead_written_after_its_visitor_was_erased_owes_an_erasure() {
            assertThat(first().privacyDue(attendee(List.of(), true, NINE))).isEqualTo(Lead.PrivacyDue.ERASURE);
        }

        @Test
        void a_lead_holding_a_contact_withdrawn_from_its_exhibitor_owes_a_withdrawal() {
            assertThat(first().privacyDue(attendee(List.of(EXHIBITOR), false, null))).isEqualTo(Lead.PrivacyDue.CONTACT_WITHDRAWAL);
            assertThat(first().privacyDue(attendee(List.of(Attendee.EVERY_EXHIBITOR), false, null)))
                    .isEqualTo(Lead.PrivacyDue.CONTACT_WITHDRAWAL);
        }

        @Test
        void a_lead_owes_nothing_when_the_visitor_allows_what_it_shows() {
            Lead lead = first();

            assertThat(lead.privacyDue(attendee(List.of(), false, null))).isEqualTo(Lead.PrivacyDue.NOTHING);
            assertThat(lead.privacyDue(attendee(List.of("x-other"), false, null))).isEqualTo(Lead.PrivacyDue.NOTHING);
            assertThat(lead.withoutContact(NINE).privacyDue(attendee(List.of(EXHIBITOR), false, null)))
                    .as("no contact left to withdraw").isEqualTo(Lead.PrivacyDue.NOTHING);
            assertThat(lead.privacyDue(null)).as("an attendee not found").isEqualTo(Lead.PrivacyDue.NOTHING);
            assertThat(lead.scrubbed(NINE).privacyDue(attendee(List.of(), true, NINE))).as("erased already")
                    .isEqualTo(Lead.PrivacyDue.NOTHING);
        }
    }

    @Test
    void a_write_counts_one_revision_after_the_stored_lead() {
        Lead stored = first().writtenAfter(null);
        Lead changed = stored.withScan(scan("s-2", "salma", NINE)).qualified(by("salma", 4, null, Map.of()))
                .qualified(note("salma", "Back tomorrow"));

        assertThat(changed.revision()).isEqualTo(4);
        assertThat(changed.writtenAfter(stored).revision()).isEqualTo(2);
        assertThat(changed.writtenAfter(stored)).usingRecursiveComparison().ignoringFields("revision").isEqualTo(changed);
    }

    @Test
    void its_lists_cannot_be_changed_from_outside() {
        List<String> tags = new ArrayList<>(List.of("vip"));
        Lead lead = first().qualified(tags(null, new LinkedHashSet<>(tags), null));
        tags.add("changed");

        assertThat(lead.tags()).containsExactly("vip");
        assertThatThrownBy(() -> lead.scans().add(null)).isInstanceOf(UnsupportedOperationException.class);
    }
}
