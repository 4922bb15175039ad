package io.expoleads.platform.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class CoalescerTest {

    @Test
    void requests_arriving_while_a_bulk_operation_runs_share_the_next_one_and_each_gets_its_own_result() throws Exception {
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
        Coalescer<Integer, Integer> doubling = new Coalescer<>("test", 100, items -> {
            sizes.add(items.size());
            firstRunning.countDown();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return items.stream().map(item -> item * 2).toList();
        });
        ExecutorService callers = Executors.newFixedThreadPool(11);
        try {
            Future<Integer> first = callers.submit(() -> doubling.submit(0));
            assertThat(firstRunning.await(5, TimeUnit.SECONDS)).isTrue();
            List<Future<Integer>> waiting = new ArrayList<>();
            for (int item = 1; item <= 10; item++) {
                int value = item;
                waiting.add(callers.submit(() -> doubling.submit(value)));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> doubling.waiting() == 10);
            release.countDown();
            assertThat(first.get(5, TimeUnit.SECONDS)).isZero();
            for (int item = 1; item <= 10; item++) {
                assertThat(waiting.get(item - 1).get(5, TimeUnit.SECONDS)).isEqualTo(item * 2);
            }
            assertThat(sizes).containsExactly(1, 10);
        } finally {
            callers.shutdownNow();
            doubling.stop();
        }
    }

    @Test
    void a_failed_bulk_operation_fails_every_request_it_took_and_the_next_one_runs() {
        Coalescer<String, String> flaky = new Coalescer<>("test", 10, items -> {
            if (items.contains("boom")) {
                throw new IllegalStateException("store unavailable");
            }
            return items;
        });
        try {
            assertThatThrownBy(() -> flaky.submit("boom")).isInstanceOf(IllegalStateException.class).hasMessage("store unavailable");
            assertThat(flaky.submit("fine")).isEqualTo("fine");
        } finally {
            flaky.stop();
        }
        assertThatThrownBy(() -> flaky.submit("late")).hasMessageContaining("stopping");
    }
}
