package io.expoleads.exhibitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import io.expoleads.events.EventTypes;
import io.expoleads.events.ExhibitorStatus;
import io.expoleads.events.ExhibitorView;
import io.expoleads.events.WebhookEndpoints;
import io.expoleads.exhibitor.exhibitor.ApplicantEmail;
import io.expoleads.exhibitor.exhibitor.BoothDevice;
import io.expoleads.exhibitor.exhibitor.ChangeRecord;
import io.expoleads.exhibitor.exhibitor.Exhibitor;
import io.expoleads.exhibitor.exhibitor.ExhibitorProfile;
import io.expoleads.exhibitor.exhibitor.IllegalTransitionException;
import io.expoleads.exhibitor.exhibitor.NoSeatLeftException;
import io.expoleads.exhibitor.exhibitor.Sector;
import io.expoleads.exhibitor.exhibitor.StaffMember;
import io.expoleads.exhibitor.exhibitor.Webhook;
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
        assertThat(exhibitor.history().changes()).extracting(change -> change.actor()).containsExactly("applicant", "organizer");
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
        assertThat(exhibitor.history().changes()).as("drafts are not history yet").isEmpty();
        exhibitor.submit("salma", NOW);
        assertThat(exhibitor.changeProfile("salma", profile("Atlas Mobility SA"), NOW)).as("no change, no event").isNull();
        exhibitor.changeProfile("salma", profile("Atlas Mobility Group"), NOW);
        assertThat(exhibitor.history().changes()).last().satisfies(change -> {
            assertThat(change.actor()).isEqualTo("salma");
            assertThat(change.detail()).isEqualTo("profile: companyName");
        });
        assertThat(exhibitor.revision()).isEqualTo(4);
    }

    @Test
    void a_withdrawn_exhibitor_gives_up_its_booth_and_is_given_nothing_more() {
        Exhibitor exhibitor = approved();
        exhibitor.assignBooth("organizer", "A2", NOW);
        exhibitor.withdraw("salma", NOW);
        assertThat(exhibitor.boothCode()).isNull();
        assertThatThrownBy(() -> exhibitor.assignBooth("organizer", "B1", NOW)).isInstanceOf(IllegalTransitionException.class)
                .satisfies(e -> assertThat(((IllegalTransitionException) e).action()).isEqualTo("given a booth"));
        assertThatThrownBy(() -> exhibitor.changeProfile("salma", profile("Atlas"), NOW)).isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> exhibitor.withdraw("salma", NOW)).isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void only_an_approved_exhibitor_gets_booth_devices() {
        Exhibitor draft = applied();
        BoothDevice device = new BoothDevice("dev-1", "Front desk", BoothDevice.Status.PENDING, NOW, null, null);
        assertThatThrownBy(() -> draft.addDevice("salma", device, NOW)).isInstanceOf(IllegalTransitionException.class);
        assertThat(draft.devices().all()).isEmpty();
        Exhibitor approved = approved();
        approved.addDevice("salma", device, NOW);
        assertThat(approved.activateDevice("dev-1", NOW)).isEqualTo(EventTypes.EXHIBITOR_UPDATED);
        assertThat(approved.activateDevice("dev-1", NOW)).as("set up twice, one change").isNull();
        assertThat(approved.revokeDevice("salma", "dev-1", NOW)).isEqualTo(EventTypes.EXHIBITOR_UPDATED);
        assertThat(approved.revokeDevice("salma", "dev-1", NOW)).isNull();
        assertThat(approved.history().changes()).extracting(ChangeRecord::detail).endsWith("device added: dev-1",
                "device activated: dev-1", "device revoked: dev-1");
    }

    @Test
    void each_change_is_one_revision_and_a_refused_one_changes_nothing() {
        Exhibitor exhibitor = approved();
        long before = exhibitor.revision();
        assertThatThrownBy(() -> exhibitor.addStaff("admin", staff("st-1"), NOW)).isInstanceOf(NoSeatLeftException.class);
        assertThat(exhibitor.revision()).isEqualTo(before);
        exhibitor.assignSeats("organizer", 1, NOW);
        exhibitor.addStaff("admin", staff("st-1"), NOW);
        assertThat(exhibitor.revision()).isEqualTo(before + 2);
        assertThatThrownBy(() -> exhibitor.assignSeats("organizer", 0, NOW)).isInstanceOf(IllegalArgumentException.class);
        assertThat(exhibitor.team().seats()).isEqualTo(1);
        assertThat(exhibitor.revision()).isEqualTo(before + 2);
    }

    @Test
    void a_webhook_change_is_published_on_the_webhook_topic_as_well() {
        Exhibitor exhibitor = approved();
        Webhook webhook = new Webhook("wh-1", "https://crm.atlas.example/hooks", List.of(new WebhookEndpoints.Secret("whsec_1", null)), NOW);
        assertThat(exhibitor.addWebhook("salma", webhook, NOW)).isEqualTo(EventTypes.WEBHOOKS_CHANGED);
        assertThat(exhibitor.webhookEndpoints().revision()).isEqualTo(exhibitor.revision());
        assertThat(exhibitor.webhookEndpoints().endpoints()).extracting(WebhookEndpoints.Endpoint::webhookId).containsExactly("wh-1");
        assertThat(exhibitor.history().changes()).last().extracting(ChangeRecord::detail)
                .isEqualTo("webhook added: https://crm.atlas.example/hooks");
    }

    @Test
    void the_public_view_shows_the_active_team_and_names_everyone_who_ever_scanned() {
        Exhibitor exhibitor = approved();
        exhibitor.assignSeats("organizer", 2, NOW);
        exhibitor.addStaff("admin", staff("st-1"), NOW);
        exhibitor.addStaff("admin", staff("st-2"), NOW);
        exhibitor.revokeStaff("admin", "st-1", NOW);
        exhibitor.addDevice("admin", new BoothDevice("dev-1", null, BoothDevice.Status.PENDING, NOW, null, null), NOW);
        ExhibitorView view = exhibitor.view();
        assertThat(view.seats()).isEqualTo(2);
        assertThat(view.activeStaff()).containsExactly("st-2");
        assertThat(view.activeDevices()).as("not set up yet").isEmpty();
        assertThat(view.teamNames()).containsOnlyKeys("st-1", "st-2", "dev-1");
        assertThat(view.salesEmails()).containsExactly("sales@atlas.example");
        assertThat(view.revision()).isEqualTo(exhibitor.revision());
    }

    @Test
    void submission_approval_and_rejection_each_owe_the_applicant_one_email() {
        Exhibitor exhibitor = applied();
        exhibitor.submit("salma", NOW);
        exhibitor.approve("organizer", NOW);
        assertThat(exhibitor.newEmails()).extracting(ApplicantEmail::kind).containsExactly("SUBMITTED", "APPROVED");
        assertThat(exhibitor.newEmails()).extracting(ApplicantEmail::emailId).containsExactly("ex-1/2", "ex-1/3");
        exhibitor.withdraw("salma", NOW);
        assertThat(exhibitor.newEmails()).as("a withdrawal is the applicant's own doing").hasSize(2);
    }

    private static Exhibitor approved() {
        Exhibitor exhibitor = applied();
        exhibitor.submit("salma", NOW);
        exhibitor.approve("organizer", NOW);
        return exhibitor;
    }

    private static StaffMember staff(String id) {
        return new StaffMember(id, id + "@atlas.example", null, StaffMember.Status.ACTIVE, NOW, null);
    }
}
