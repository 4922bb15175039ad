package io.expoleads.testsupport;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * A service's clock in its integration tests: a {@link TestClock} in place of the application's own
 * {@code Clock} bean, which a test sets or moves instead of waiting, and resets after itself.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestClockConfiguration {

    @Bean
    @Primary
    TestClock testClock() {
        return new TestClock();
    }
}
