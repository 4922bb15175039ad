package io.expoleads.lead;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The system clock, moved forward by what a test asks: the services that take their time from a
 * {@link Clock} bean see a link expire without the test waiting. A test that moves it puts it back.
 */
public final class TestClock extends Clock {

    private volatile Duration ahead = Duration.ZERO;

    public void moveForward(Duration by) {
        ahead = ahead.plus(by);
    }

    public void reset() {
        ahead = Duration.ZERO;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(ahead);
    }

    /** Registers the clock as the application's. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class Config {

        @Bean
        TestClock testClock() {
            return new TestClock();
        }
    }
}
