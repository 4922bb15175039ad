package io.expoleads.exhibitor.exhibitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class TeamTest {

    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");

    private static StaffMember member(String id, String name) {
        return new StaffMember(id, id + "@atlas.example", name, StaffMember.Status.ACTIVE, NOW, null);
    }

    @Test
    void members_join_while_a_seat_is_free() {
        Team team = Team.NONE.withSeats(2).joined(member("st-1", "Yassine")).joined(member("st-2", "Leila"));
        assertThat(team.active()).extracting(StaffMember::staffId).containsExactly("st-1", "st-2");
        assertThatThrownBy(() -> team.joined(member("st-3", "Karim"))).isInstanceOf(NoSeatLeftException.class)
                .hasMessageContaining("All 2 seats are taken");
    }

    @Test
    void an_application_has_no_seat_to_give() {
        assertThatThrownBy(() -> Team.NONE.joined(member("st-1", "Yassine"))).isInstanceOf(NoSeatLeftException.class);
    }

    @Test
    void a_revoked_member_frees_the_seat_and_stays_on_the_team() {
        Team full = Team.NONE.withSeats(1).joined(member("st-1", "Yassine"));
        Team revoked = full.revoked("st-1", NOW);
        assertThat(revoked.holdsSeat("st-1")).isFalse();
        assertThat(revoked.member("st-1")).get().satisfies(member -> {
            assertThat(member.status()).isEqualTo(StaffMember.Status.REVOKED);
            assertThat(member.revokedAt()).isEqualTo(NOW);
        });
        assertThat(revoked.joined(member("st-2", "Leila")).active()).extracting(StaffMember::staffId).containsExactly("st-2");
        assertThat(full.holdsSeat("st-1")).as("the team it came from is unchanged").isTrue();
    }

    @Test
    void only_an_active_member_can_be_revoked() {
        Team team = Team.NONE.withSeats(1).joined(member("st-1", "Yassine")).revoked("st-1", NOW);
        assertThatThrownBy(() -> team.revoked("st-1", NOW)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> team.revoked("nobody", NOW)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_seats_never_drop_below_the_active_members() {
        Team team = Team.NONE.withSeats(3).joined(member("st-1", "Yassine")).joined(member("st-2", "Leila"));
        assertThatThrownBy(() -> team.withSeats(1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 staff are active");
        assertThat(team.withSeats(2).seats()).isEqualTo(2);
        assertThat(team.revoked("st-2", NOW).withSeats(1).seats()).as("a revoked member holds no seat").isEqualTo(1);
    }

    @Test
    void every_member_ever_keeps_a_name_for_their_scans() {
        Team team = Team.NONE.withSeats(2).joined(member("st-1", "Yassine")).joined(member("st-2", " ")).revoked("st-1", NOW);
        assertThat(team.names()).containsExactly(java.util.Map.entry("st-1", "Yassine"), java.util.Map.entry("st-2", "st-2@atlas.example"));
    }
}
