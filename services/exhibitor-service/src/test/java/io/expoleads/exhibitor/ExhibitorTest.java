package io.expoleads.exhibitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import io.expoleads.events.EventTypes;
import io.expoleads.events.ExhibitorStatus;
import io.expoleads.exhibitor.exhibitor.Exhibitor;
import io.expoleads.exhibitor.exhibitor.ExhibitorProfile;
import io.expoleads.exhibitor.exhibitor.IllegalTransitionException;
import io.expoleads.exhibitor.exhibitor.Sector;
import org.junit.jupiter.api.Test;

class ExhibitorTest {

    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");

    private static Exhibitor applied() {
        return Exhibitor.apply("ex-1", "ed-1", profile("Atlas Mobility"), NOW);
    }

    private static ExhibitorProfile profile(String companyName) {
        return new ExhibitorProfile(companyName, null, Sector.MOBILITY, null, "MA",
                "Salma", "salma@atlas.example", "fr", List.of("sales@atlas.example"), 18.0, 3);
    }

    @Test
    void an_application_goes_from_draft_through_submission_to_approval() {
        Exhibitor exhibitor = applied();
        assertThat(exhibitor.submit("applicant", NOW)).isEqualTo(EventTypes.EXHIBITOR_SUBMITTED);
        assertThat(exhibitor.approve("organizer", NOW)).isEqualTo(EventTypes.EXHIBITOR_APPROVED);
        assertThat(exhibitor.status()).isEqualTo(ExhibitorStatus.APPROVED);
        assertThat(exhibitor.revision()).isEqualTo(3);
        assertThat(exhibitor.history()).extracting(change -> change.actor()).containsExactly("applicant", "organizer");
        assertThat(exhibitor.view().revision()).isEqualTo(3);
    }

    @Test
    void only_a_submitted_application_can_be_reviewed() {
        Exhibitor exhibitor = applied();
        assertThatThrownBy(() -> exhibitor.approve("organizer", NOW)).isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> exhibitor.reject("organizer", "late", NOW)).isInstanceOf(IllegalTransitionException.class);
        assertThat(exhibitor.revision()).isEqualTo(1);
    }

    @Test
    void a_rejection_keeps_its_reason_and_ends_the_lifecycle() {
        Exhibitor exhibitor = applied();
        exhibitor.submit("applicant", NOW);
        exhibitor.reject("organizer", "No booth left in hall B", NOW);
        assertThat(exhibitor.rejectionReason()).isEqualTo("No booth left in hall B");
        assertThatThrownBy(() -> exhibitor.withdraw("applicant", NOW)).isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> exhibitor.submit("applicant", NOW)).isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void an_approved_exhibitor_may_still_withdraw() {
        Exhibitor exhibitor = applied();
        exhibitor.submit("applicant", NOW);
        exhibitor.approve("organizer", NOW);
        assertThat(exhibitor.withdraw("applicant", NOW)).isEqualTo(EventTypes.EXHIBITOR_WITHDRAWN);
        assertThatThrownBy(() -> exhibitor.approve("organizer", NOW)).isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void profile_changes_after_submission_are_kept_with_the_fields_they_touched() {
        Exhibitor exhibitor = applied();
        assertThat(exhibitor.changeProfile("salma", profile("Atlas Mobility SA"), NOW)).isEqualTo(EventTypes.EXHIBITOR_UPDATED);
        assertThat(exhibitor.history()).as("drafts are not history yet").isEmpty();
        exhibitor.submit("salma", NOW);
        assertThat(exhibitor.changeProfile("salma", profile("Atlas Mobility SA"), NOW)).as("no change, no event").isNull();
        exhibitor.changeProfile("salma", profile("Atlas Mobility Group"), NOW);
        assertThat(exhibitor.history()).last().satisfies(change -> {
            assertThat(change.actor()).isEqualTo("salma");
            assertThat(change.detail()).isEqualTo("profile: companyName");
        });
        assertThat(exhibitor.revision()).isEqualTo(4);
    }
}
