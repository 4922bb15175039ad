package io.expoleads.notification.digest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.expoleads.events.AttendeeView;
import io.expoleads.events.LeadView;
import org.junit.jupiter.api.Test;

class DigestSummaryTest {

    private static final Map<String, String> NAMES = Map.of("amine", "Amine Alaoui", "salma", "Salma Bennani");

    @Test
    void counts_ratings_tags_and_staff() {
        List<LeadView> leads = List.of(
                lead("1", 5, List.of("VIP", "parking"), List.of("amine")),
                lead("2", 5, List.of("vip "), List.of("amine", "salma")),
                lead("3", 2, List.of("Parking", "press"), List.of("salma")),
                lead("4", null, List.of(), List.of("device-9")));
        DigestSummary summary = DigestSummary.of(leads, id -> NAMES.getOrDefault(id, id));

        assertThat(summary.leads()).isEqualTo(4);
        assertThat(summary.byRating()).containsExactly(Map.entry(5, 2L), Map.entry(4, 0L), Map.entry(3, 0L), Map.entry(2, 1L), Map.entry(1, 0L));
        assertThat(summary.unrated()).isEqualTo(1);
        assertThat(summary.topTags()).containsExactly(Map.entry("VIP", 2L), Map.entry("parking", 2L), Map.entry("press", 1L));
        assertThat(summary.perStaff()).containsExactly(Map.entry("Amine Alaoui", 2L), Map.entry("Salma Bennani", 2L), Map.entry("device-9", 1L));
    }

    @Test
    void only_the_ten_most_used_tags_are_listed() {
        List<LeadView> leads = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            leads.add(lead("l" + i, 3, List.of("tag" + (char) ('a' + i), "common"), List.of("amine")));
        }
        DigestSummary summary = DigestSummary.of(leads, id -> id);
        assertThat(summary.topTags()).hasSize(10);
        assertThat(summary.topTags().get(0)).isEqualTo(Map.entry("common", 12L));
        assertThat(summary.topTags().get(1)).isEqualTo(Map.entry("taga", 1L));
    }

    private static LeadView lead(String id, Integer rating, List<String> tags, List<String> scannedBy) {
        AttendeeView attendee = new AttendeeView("att-" + id, "ed", "R-" + id, "Nadia", "Bennis", null, null, null, null, "MA", true);
        Instant at = Instant.parse("2026-11-24T09:00:00Z");
        return new LeadView(id, "ex", "ed", 1, attendee, 1, at, at, scannedBy.get(scannedBy.size() - 1), scannedBy, rating, null,
                Map.of(), tags, false, List.of(), List.of());
    }
}
