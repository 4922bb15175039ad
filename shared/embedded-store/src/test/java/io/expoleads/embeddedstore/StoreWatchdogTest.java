package io.expoleads.embeddedstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The store's watchdog: its ping gets the store's answer over the wire, and a store that stops answering
 * while it listens is reported once, with the process's threads, and its return after; a store stopped on
 * purpose is not reported.
 */
class StoreWatchdogTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger(StoreWatchdog.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void listen() {
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void stopListening() {
        logger.detachAppender(logged);
    }

    @Test
    void pingsTheStoreThroughItsPort() {
        try (EmbeddedStore store = EmbeddedStore.inMemory()) {
            assertThat(StoreWatchdog.ping(store.port(), 2_000)).as("a listening store").isTrue();

            store.stop();

            assertThat(StoreWatchdog.ping(store.port(), 2_000)).as("a stopped store").isFalse();
        }
    }

    @Test
    void aPortThatTakesTheConnectionButNeverAnswersIsNoAnswer() throws Exception {
        try (ServerSocket silent = new ServerSocket(0)) {
            long start = System.nanoTime();

            assertThat(StoreWatchdog.ping(silent.getLocalPort(), 300)).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("bounded by the timeout").isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void reportsOnceWithTheThreadsWhenTheStoreStopsAnsweringThenItsReturn() {
        AtomicBoolean answers = new AtomicBoolean(true);
        try (StoreWatchdog watchdog = new StoreWatchdog(() -> true, answers::get, Duration.ofSeconds(10), 3)) {
            watchdog.check();
            answers.set(false);
            watchdog.check();
            watchdog.check();
            assertThat(logged.list).as("two asks missed of three").isEmpty();

            watchdog.check();
            watchdog.check();
            watchdog.check();

            assertThat(logged.list).singleElement().satisfies(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.ERROR);
                assertThat(event.getFormattedMessage()).contains("has not answered", "(3 asks in a row)")
                        .contains("\"" + Thread.currentThread().getName() + "\" RUNNABLE")
                        .contains("io.expoleads.embeddedstore.StoreWatchdogTest.reportsOnceWithTheThreadsWhenTheStoreStopsAnsweringThenItsReturn(");
            });

            answers.set(true);
            watchdog.check();

            assertThat(logged.list).hasSize(2);
            assertThat(logged.list.get(1).getLevel()).isEqualTo(Level.WARN);
            assertThat(logged.list.get(1).getFormattedMessage()).startsWith("The store answers again");
        }
    }

    @Test
    void aStoreStoppedOnPurposeIsNotReported() {
        AtomicBoolean listening = new AtomicBoolean(false);
        try (StoreWatchdog watchdog = new StoreWatchdog(listening::get, () -> false, Duration.ofSeconds(10), 3)) {
            for (int ask = 0; ask < 5; ask++) {
                watchdog.check();
            }
            assertThat(logged.list).isEmpty();

            listening.set(true);
            watchdog.check();
            watchdog.check();

            assertThat(logged.list).as("the count starts when it listens again").isEmpty();
            watchdog.check();
            assertThat(logged.list).hasSize(1);
        }
    }

    @Test
    void showsTheMonitorAThreadHoldsAndTheOneAnotherWaitsFor() throws Exception {
        Object lock = new Object();
        Thread waiter = new Thread(() -> {
            synchronized (lock) {
                lock.notifyAll();
            }
        }, "waits-for-the-lock");
        synchronized (lock) {
            waiter.start();
            while (waiter.getState() != Thread.State.BLOCKED) {
                Thread.sleep(10);
            }
            String threads = StoreWatchdog.threads();

            assertThat(threads).contains("\"waits-for-the-lock\" BLOCKED on java.lang.Object@")
                    .contains("held by \"" + Thread.currentThread().getName() + "\"")
                    .contains("- holds java.lang.Object@");
        }
        waiter.join();
    }
}
