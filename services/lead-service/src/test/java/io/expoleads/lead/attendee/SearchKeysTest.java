package io.expoleads.lead.attendee;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SearchKeysTest {

    @Test
    void keys_are_lower_case_without_accents_whole_and_word_by_word_behind_their_field() {
        assertThat(SearchKeys.of("Élodie", "Durand-Lévêque", "Société  Générale"))
                .containsExactlyInAnyOrder("f:elodie", "l:durand-leveque", "l:durand", "l:leveque",
                        "c:societe generale", "c:societe", "c:generale", "n:elodie durand-leveque", "n:durand-leveque elodie");
    }

    @Test
    void a_stub_without_names_has_no_keys_and_a_missing_field_adds_none() {
        assertThat(SearchKeys.of(null, null, null)).isEmpty();
        assertThat(SearchKeys.of("  ", "Tazi", null)).containsExactly("l:tazi");
    }

    @Test
    void an_attendee_always_carries_the_keys_of_its_names_whatever_is_passed() {
        Attendee attendee = new Attendee("a-1", "e-1", "R-1", "Ahmed", "Naciri", "ONCF", null, null, null, null, true,
                java.util.List.of(), false, null, 1, java.util.List.of(), java.util.List.of("c:forged"), null);
        assertThat(attendee.searchKeys()).contains("f:ahmed", "c:oncf").doesNotContain("c:forged");
        assertThat(attendee.erasedStub(java.time.Instant.EPOCH).searchKeys()).isEmpty();
    }
}
