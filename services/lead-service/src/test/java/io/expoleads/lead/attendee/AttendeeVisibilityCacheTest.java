package io.expoleads.lead.attendee;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

class AttendeeVisibilityCacheTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final Map<String, AttendeeVisibility> store = new HashMap<>();
    private final List<String> loads = new ArrayList<>();
    private final AttendeeVisibilityCache cache = new AttendeeVisibilityCache(edition -> {
        loads.add(edition);
        return store.getOrDefault(edition, AttendeeVisibility.everything(edition));
    }, Duration.ofNanos(100), now::get);

    @Test
    void a_setting_is_read_once_per_time_to_live() {
        assertThat(cache.get("e-1")).isEqualTo(AttendeeVisibility.everything("e-1"));
        now.addAndGet(99);
        store.put("e-1", AttendeeVisibility.of("e-1", Set.of(AttendeeField.COMPANY)));
        assertThat(cache.get("e-1")).as("still fresh").isEqualTo(AttendeeVisibility.everything("e-1"));
        assertThat(loads).containsExactly("e-1");

        now.addAndGet(1);
        assertThat(cache.get("e-1").visibleFields()).as("expired, read again").containsExactly(AttendeeField.COMPANY);
        assertThat(loads).containsExactly("e-1", "e-1");
    }

    @Test
    void a_setting_stored_here_is_seen_at_once() {
        cache.get("e-1");
        cache.put(AttendeeVisibility.of("e-1", Set.of(AttendeeField.EMAIL)));

        assertThat(cache.get("e-1").visibleFields()).containsExactly(AttendeeField.EMAIL);
        assertThat(loads).containsExactly("e-1");
    }

    @Test
    void a_load_that_read_before_a_newer_setting_was_stored_does_not_replace_it() {
        AttendeeVisibility chosen = AttendeeVisibility.of("e-1", Set.of(AttendeeField.LAST_NAME));
        AtomicReference<AttendeeVisibilityCache> racing = new AtomicReference<>();
        racing.set(new AttendeeVisibilityCache(edition -> {
            // While this load reads the old setting, the organizer's new one is stored and remembered.
            now.addAndGet(5);
            racing.get().put(chosen);
            return AttendeeVisibility.everything(edition);
        }, Duration.ofNanos(100), now::get));

        assertThat(racing.get().get("e-1")).isEqualTo(chosen);
        assertThat(racing.get().get("e-1")).as("and it stays").isEqualTo(chosen);
    }

    @Test
    void editions_are_kept_apart_and_expired_ones_are_dropped_when_many() {
        for (int i = 0; i < 1_001; i++) {
            cache.get("e-" + i);
        }
        assertThat(cache.size()).isEqualTo(1_001);
        assertThat(cache.get("e-7").editionId()).isEqualTo("e-7");

        now.addAndGet(100);
        cache.get("fresh");
        assertThat(cache.size()).isEqualTo(1);
    }
}
