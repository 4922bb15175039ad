package io.expoleads.notification.exhibitor;

import java.util.Collection;
import java.util.Locale;
import java.util.Objects;

import io.expoleads.events.LeadView;
import io.expoleads.events.NotificationSettings.HotLeadRule;

/**
 * Whether a lead matches an exhibitor's hot-lead rule: any given condition suffices (a rating at
 * least the minimum, one of the rule's tags, or the expected answer to the rule's question; a
 * multiple-choice answer matches when it contains the expected one). Tags and answers are
 * compared as text, ignoring case and surrounding blanks. A missing rule, or one without any
 * condition, matches nothing.
 */
public final class HotLeads {

    private HotLeads() {
    }

    public static boolean matches(HotLeadRule rule, LeadView lead) {
        if (rule == null || lead == null) {
            return false;
        }
        return ratingMatches(rule, lead) || tagMatches(rule, lead) || answerMatches(rule, lead);
    }

    private static boolean ratingMatches(HotLeadRule rule, LeadView lead) {
        return rule.minRating() != null && lead.rating() != null && lead.rating() >= rule.minRating();
    }

    private static boolean tagMatches(HotLeadRule rule, LeadView lead) {
        return rule.tags().stream().filter(Objects::nonNull).map(HotLeads::text)
                .anyMatch(wanted -> !wanted.isEmpty() && lead.tags().stream().filter(Objects::nonNull).map(HotLeads::text).anyMatch(wanted::equals));
    }

    private static boolean answerMatches(HotLeadRule rule, LeadView lead) {
        if (rule.questionKey() == null || rule.answer() == null) {
            return false;
        }
        Object given = lead.answers().get(rule.questionKey());
        String wanted = text(rule.answer());
        if (given instanceof Collection<?> choices) {
            return choices.stream().filter(Objects::nonNull).map(HotLeads::text).anyMatch(wanted::equals);
        }
        return given != null && text(given).equals(wanted);
    }

    private static String text(Object value) {
        return String.valueOf(value).strip().toLowerCase(Locale.ROOT);
    }
}
