package io.expoleads.exhibitor.exhibitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class BoothDevicesTest {

    private static final Instant ADDED = Instant.parse("2026-11-20T10:00:00Z");
    private static final Instant SET_UP = Instant.parse("2026-11-20T10:05:00Z");
    private static final Instant REVOKED = Instant.parse("2026-11-21T18:00:00Z");

    private static BoothDevices pending() {
        return BoothDevices.NONE.added(new BoothDevice("dev-1", "Front desk", BoothDevice.Status.PENDING, ADDED, null, null));
    }

    @Test
    void a_device_scans_only_once_set_up() {
        BoothDevices devices = pending();
        assertThat(devices.isActive("dev-1")).isFalse();
        BoothDevices active = devices.activated("dev-1", SET_UP).orElseThrow();
        assertThat(active.isActive("dev-1")).isTrue();
        assertThat(active.activeIds()).containsExactly("dev-1");
        assertThat(active.device("dev-1")).get().extracting(BoothDevice::activatedAt).isEqualTo(SET_UP);
    }

    @Test
    void setting_up_an_active_device_again_changes_nothing() {
        BoothDevices active = pending().activated("dev-1", SET_UP).orElseThrow();
        assertThat(active.activated("dev-1", REVOKED)).isEmpty();
    }

    @Test
    void a_revoked_device_stays_revoked() {
        BoothDevices revoked = pending().activated("dev-1", SET_UP).orElseThrow().revoked("dev-1", REVOKED).orElseThrow();
        assertThat(revoked.isActive("dev-1")).isFalse();
        assertThat(revoked.activeIds()).isEmpty();
        assertThat(revoked.device("dev-1")).get().satisfies(device -> {
            assertThat(device.status()).isEqualTo(BoothDevice.Status.REVOKED);
            assertThat(device.revokedAt()).isEqualTo(REVOKED);
            assertThat(device.activatedAt()).isEqualTo(SET_UP);
        });
        assertThatThrownBy(() -> revoked.activated("dev-1", REVOKED)).as("its setup code cannot bring it back")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("REVOKED");
        assertThat(revoked.revoked("dev-1", REVOKED)).as("revoking it again changes nothing").isEmpty();
    }

    @Test
    void a_pending_device_can_be_revoked_before_it_is_set_up() {
        BoothDevices revoked = pending().revoked("dev-1", REVOKED).orElseThrow();
        assertThatThrownBy(() -> revoked.activated("dev-1", SET_UP)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void an_unknown_device_is_refused() {
        assertThatThrownBy(() -> pending().activated("dev-2", SET_UP)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> pending().revoked("dev-2", SET_UP)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_device_without_a_name_is_named_by_its_id() {
        BoothDevices devices = pending().added(new BoothDevice("dev-2", null, BoothDevice.Status.PENDING, ADDED, null, null));
        assertThat(devices.names()).containsEntry("dev-1", "Front desk").containsEntry("dev-2", "dev-2");
    }
}
