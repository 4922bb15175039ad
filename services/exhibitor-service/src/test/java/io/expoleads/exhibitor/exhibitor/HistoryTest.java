package io.expoleads.exhibitor.exhibitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class HistoryTest {

    @Test
    void changes_are_appended_and_the_earlier_history_is_unchanged() {
        Instant first = Instant.parse("2026-11-20T10:00:00Z");
        History one = History.NONE.recorded(first, "organizer", "ExhibitorUpdated", "seats=2");
        History two = one.recorded(first.plusSeconds(60), "salma", "ExhibitorUpdated", "notification settings");
        assertThat(two.changes()).extracting(ChangeRecord::actor).containsExactly("organizer", "salma");
        assertThat(one.changes()).hasSize(1);
        assertThat(History.NONE.changes()).isEmpty();
    }
}
