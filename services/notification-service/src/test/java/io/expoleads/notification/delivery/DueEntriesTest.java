package io.expoleads.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/**
 * When the dispatcher reads the delivery queue again, and when it hands out what it read before: a
 * backlog is worked through from the entries read, with a read each time they run out, not one per
 * attempt; one destination's backlog leaves room for the others'.
 */
class DueEntriesTest {

    private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");
    private static final Duration POLL = Duration.ofSeconds(1);

    private final DueEntries due = new DueEntries();
    /** Lanes whose every slot is busy, as the dispatcher would say. */
    private final Set<String> full = new HashSet<>();

    @Test
    void a_backlog_read_once_is_handed_out_without_reading_again_until_nothing_read_is_left_to_take() {
        // 32 due entries of 8 lanes, the read cut at its limit of 32: more may wait behind them.
        List<DeliveryQueue.Entry> backlog = IntStream.range(0, 32).mapToObj(i -> entry("d" + i, "webhook:e" + (i % 8), i)).toList();
        due.reading();
        due.read(backlog, 32, Set.of(), NOW);
        assertThat(due.stale(NOW.plusMillis(999), POLL)).isFalse();

        List<String> handedOut = new ArrayList<>();
        while (!due.soonestFirst().isEmpty()) {
            DeliveryQueue.Entry next = due.soonestFirst().get(0);
            due.taken(next);
            handedOut.add(next.id());
        }
        assertThat(handedOut).as("soonest due first").containsExactlyElementsOf(backlog.stream().map(DeliveryQueue.Entry::id).toList());
        assertThat(due.mayFindMore(full::contains)).as("the read was cut: the queue may hold more").isTrue();
        assertThat(due.stale(NOW.plus(POLL), POLL)).as("read again every poll in any case").isTrue();
    }

    @Test
    void a_read_that_found_every_due_entry_is_read_again_only_for_a_lane_opened_since_that_can_take_it() {
        due.reading();
        due.read(List.of(entry("a", "webhook:e1", 0), entry("b", "webhook:e2", 1)), 32, Set.of(), NOW);
        due.taken(due.soonestFirst().get(0));
        due.taken(due.soonestFirst().get(0));
        assertThat(due.mayFindMore(full::contains)).as("nothing more was due").isFalse();

        // A delivery opened in a lane whose every slot is busy: reading would find nothing it may take now.
        full.add("webhook:e3");
        due.opened("webhook:e3");
        assertThat(due.mayFindMore(full::contains)).isFalse();
        // Once the lane has a free slot, its delivery is worth a read.
        full.remove("webhook:e3");
        assertThat(due.mayFindMore(full::contains)).isTrue();
        due.reading();
        due.read(List.of(entry("c", "webhook:e3", 2)), 32, Set.of(), NOW);
        assertThat(due.mayFindMore(full::contains)).as("read").isFalse();
    }

    @Test
    void a_lane_with_a_long_backlog_keeps_a_few_entries_and_is_left_out_of_the_next_read_so_the_others_are_found() {
        // Lane e1's forty entries are due before anyone else's: the read finds nothing else.
        List<DeliveryQueue.Entry> oneLane = IntStream.range(0, 40).mapToObj(i -> entry("x" + i, "webhook:e1", i)).toList();
        due.reading();
        due.read(oneLane, 40, Set.of(), NOW);
        assertThat(due.soonestFirst()).as("a few kept per lane").hasSize(8);
        full.add("webhook:e1");
        assertThat(due.mayFindMore(full::contains)).as("workers free, the lane busy, the read cut").isTrue();
        assertThat(due.wellStocked()).as("left out of the next read").containsExactly("webhook:e1");

        due.reading();
        due.read(List.of(entry("y", "webhook:e2", 50)), 32, due.wellStocked(), NOW);
        assertThat(due.soonestFirst()).extracting(DeliveryQueue.Entry::id).as("e1's kept entries stay beside e2's")
                .containsExactly("x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "y");
        due.taken(due.soonestFirst().get(8));
        assertThat(due.mayFindMore(full::contains)).as("e1 may hold more, but every slot of it is busy").isFalse();
        full.remove("webhook:e1");
        assertThat(due.mayFindMore(full::contains)).as("e1 has a free slot and more than was kept").isTrue();
    }

    @Test
    void a_kept_entry_found_claimed_by_another_instance_drops_the_rest_of_its_lane_until_read_afresh() {
        due.reading();
        due.read(List.of(entry("a1", "webhook:e1", 0), entry("a2", "webhook:e1", 1), entry("b1", "webhook:e2", 2)), 32, Set.of(), NOW);
        due.taken(due.soonestFirst().get(0));
        due.lost("webhook:e1");
        assertThat(due.soonestFirst()).extracting(DeliveryQueue.Entry::id).as("e1's other kept entry dropped").containsExactly("b1");
        assertThat(due.mayFindMore(full::contains)).as("e1 read afresh when a worker wants it").isTrue();
    }

    @Test
    void a_worker_holding_a_lanes_slot_takes_that_lanes_kept_entries_soonest_first_and_no_other_lanes() {
        due.reading();
        due.read(List.of(entry("a1", "webhook:e1", 0), entry("b1", "webhook:e2", 1), entry("a2", "webhook:e1", 2)), 32, Set.of(), NOW);
        assertThat(due.takeNext("webhook:e1")).extracting(DeliveryQueue.Entry::id).isEqualTo("a1");
        assertThat(due.takeNext("webhook:e1")).extracting(DeliveryQueue.Entry::id).isEqualTo("a2");
        assertThat(due.takeNext("webhook:e1")).as("nothing kept of the lane is left").isNull();
        assertThat(due.soonestFirst()).extracting(DeliveryQueue.Entry::id).as("what the worker took is no one else's")
                .containsExactly("b1");
        assertThat(due.takeNext("webhook:e3")).as("a lane never read").isNull();
    }

    private static DeliveryQueue.Entry entry(String id, String lane, int secondsAgo) {
        return new DeliveryQueue.Entry(id, lane, NOW.minusSeconds(100 - secondsAgo), null);
    }
}
