package io.expoleads.notification.exhibitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.expoleads.events.AttendeeView;
import io.expoleads.events.LeadView;
import io.expoleads.events.NotificationSettings.HotLeadRule;
import org.junit.jupiter.api.Test;

class HotLeadsTest {

    @Test
    void a_rating_at_least_the_minimum_is_hot() {
        HotLeadRule rule = new HotLeadRule(4, null, null, null);
        assertThat(HotLeads.matches(rule, lead(4, List.of(), Map.of()))).isTrue();
        assertThat(HotLeads.matches(rule, lead(5, List.of(), Map.of()))).isTrue();
        assertThat(HotLeads.matches(rule, lead(3, List.of(), Map.of()))).isFalse();
        assertThat(HotLeads.matches(rule, lead(null, List.of(), Map.of()))).isFalse();
    }

    @Test
    void any_of_the_rules_tags_is_hot_ignoring_case() {
        HotLeadRule rule = new HotLeadRule(null, List.of("budget", "VIP"), null, null);
        assertThat(HotLeads.matches(rule, lead(null, List.of("press", "vip"), Map.of()))).isTrue();
        assertThat(HotLeads.matches(rule, lead(null, List.of("press"), Map.of()))).isFalse();
        assertThat(HotLeads.matches(rule, lead(null, List.of(), Map.of()))).isFalse();
    }

    @Test
    void the_expected_answer_is_hot_compared_as_text_ignoring_case() {
        HotLeadRule rule = new HotLeadRule(null, null, "timeline", "Within 3 months");
        assertThat(HotLeads.matches(rule, lead(null, List.of(), Map.of("timeline", "within 3 MONTHS")))).isTrue();
        assertThat(HotLeads.matches(rule, lead(null, List.of(), Map.of("timeline", "next year")))).isFalse();
        assertThat(HotLeads.matches(rule, lead(null, List.of(), Map.of("budget", "Within 3 months")))).isFalse();
        assertThat(HotLeads.matches(new HotLeadRule(null, null, "decider", "true"), lead(null, List.of(), Map.of("decider", true)))).isTrue();
        assertThat(HotLeads.matches(new HotLeadRule(null, null, "seats", "50"), lead(null, List.of(), Map.of("seats", 50)))).isTrue();
    }

    @Test
    void a_multiple_choice_answer_is_hot_when_it_contains_the_expected_choice() {
        HotLeadRule rule = new HotLeadRule(null, null, "interests", "parking");
        assertThat(HotLeads.matches(rule, lead(null, List.of(), Map.of("interests", List.of("Lighting", "Parking"))))).isTrue();
        assertThat(HotLeads.matches(rule, lead(null, List.of(), Map.of("interests", List.of("Lighting"))))).isFalse();
        assertThat(HotLeads.matches(rule, lead(null, List.of(), Map.of("interests", List.of())))).isFalse();
    }

    @Test
    void any_single_condition_suffices() {
        HotLeadRule rule = new HotLeadRule(5, List.of("vip"), "interests", "parking");
        assertThat(HotLeads.matches(rule, lead(2, List.of("vip"), Map.of()))).isTrue();
        assertThat(HotLeads.matches(rule, lead(2, List.of(), Map.of("interests", List.of("parking"))))).isTrue();
        assertThat(HotLeads.matches(rule, lead(5, List.of(), Map.of()))).isTrue();
        assertThat(HotLeads.matches(rule, lead(4, List.of("press"), Map.of("interests", List.of("lighting"))))).isFalse();
    }

    @Test
    void no_rule_or_a_rule_without_conditions_matches_nothing() {
        LeadView best = lead(5, List.of("vip"), Map.of("interests", List.of("parking")));
        assertThat(HotLeads.matches(null, best)).isFalse();
        assertThat(HotLeads.matches(new HotLeadRule(null, List.of(), null, null), best)).isFalse();
        assertThat(HotLeads.matches(new HotLeadRule(null, null, "interests", null), best)).isFalse();
    }

    private static LeadView lead(Integer rating, List<String> tags, Map<String, Object> answers) {
        AttendeeView attendee = new AttendeeView("a-1", "ed-1", "R-1", "Salma", "Bennani", "Casa Tram", "Buyer",
                "salma@casatram.ma", null, "MA", true);
        return new LeadView("lead-1", "ex-1", "ed-1", 1, attendee, 1, Instant.now(), Instant.now(), "amine",
                List.of("amine"), rating, 1, answers, tags, false, null, null);
    }
}
