package io.expoleads.platform.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.expoleads.testsupport.TestInfrastructure;
import net.javacrumbs.shedlock.core.SimpleLock;
import net.javacrumbs.shedlock.provider.mongo.MongoLockProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two instances' {@link Leases} (two Mongo clients on one database, as two processes would have)
 * against the test store: ShedLock's find-and-modify with upsert, and its duplicate key when the
 * lease is held, behave on mongo-java-server as on MongoDB.
 */
class LeasesIT {

    private final String database = "leases-" + UUID.randomUUID().toString().substring(0, 8);
    private MongoClient first;
    private MongoClient second;
    private Leases one;
    private Leases other;

    @BeforeEach
    void twoInstances() {
        String uri = TestInfrastructure.get().mongoUri(database);
        first = MongoClients.create(uri);
        second = MongoClients.create(uri);
        one = new Leases(new MongoLockProvider(first.getDatabase(database)));
        other = new Leases(new MongoLockProvider(second.getDatabase(database)));
    }

    @AfterEach
    void close() {
        first.close();
        second.close();
    }

    @Test
    void aPeriodicJobRunsOncePerPeriodHoweverManyInstancesTryIt() throws Exception {
        Duration period = Duration.ofSeconds(2);
        AtomicInteger runs = new AtomicInteger();
        int attempts = 8;
        CyclicBarrier together = new CyclicBarrier(attempts);
        ExecutorService threads = Executors.newFixedThreadPool(attempts);
        try {
            List<Future<Boolean>> ran = new ArrayList<>();
            for (int i = 0; i < attempts; i++) {
                Leases instance = i % 2 == 0 ? one : other;
                ran.add(threads.submit(() -> {
                    together.await(10, TimeUnit.SECONDS);
                    return instance.runOncePerPeriod("digests", period, runs::incrementAndGet);
                }));
            }
            int ranHere = 0;
            for (Future<Boolean> result : ran) {
                ranHere += result.get(10, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(runs).hasValue(1);
            assertThat(ranHere).isEqualTo(1);
        } finally {
            threads.shutdownNow();
        }
        // Within the period the other instance skips; once nine tenths of it have passed it runs again.
        assertThat(other.runOncePerPeriod("digests", period, runs::incrementAndGet)).isFalse();
        assertThat(one.runOncePerPeriod("digests", period, runs::incrementAndGet)).isFalse();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> other.runOncePerPeriod("digests", period, runs::incrementAndGet));
        assertThat(runs).hasValue(2);
        assertThat(one.runOncePerPeriod("refresh-token-sweep", period, runs::incrementAndGet))
                .as("another job's lease is its own").isTrue();
    }

    @Test
    void aJobRunAloneIsSkippedElsewhereWhileItRunsAndFreeOnceItEnds() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            Future<Boolean> running = thread.submit(() -> one.runAlone("applicant-mail", Duration.ofMinutes(1), () -> {
                runs.incrementAndGet();
                started.countDown();
                try {
                    finish.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(other.runAlone("applicant-mail", Duration.ofMinutes(1), runs::incrementAndGet)).isFalse();
            finish.countDown();
            assertThat(running.get(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            thread.shutdownNow();
        }
        assertThat(other.runAlone("applicant-mail", Duration.ofMinutes(1), runs::incrementAndGet))
                .as("free at once when the holder is done, not after its longest hold").isTrue();
        assertThat(runs).hasValue(2);
    }

    @Test
    void aLeaseWhoseHolderDiedLapsesAfterItsLongestHold() {
        Optional<SimpleLock> held = one.tryTake("lane:example#0", Duration.ofMillis(800));
        assertThat(held).isPresent();
        assertThat(other.tryTake("lane:example#0", Duration.ofMillis(800))).isEmpty();
        assertThat(other.tryTake("lane:example#1", Duration.ofMillis(800))).as("another slot").isPresent();
        // The holder never unlocks (it died): the lease is free once it lapses.
        Optional<SimpleLock> taken = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> other.tryTake("lane:example#0", Duration.ofMinutes(1)), Optional::isPresent);
        assertThat(one.tryTake("lane:example#0", Duration.ofMinutes(1))).isEmpty();
        taken.get().unlock();
        assertThat(one.tryTake("lane:example#0", Duration.ofMinutes(1))).isPresent();
    }
}
