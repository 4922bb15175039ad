package io.expoleads.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/**
 * The web tier's settings bind from the names its README, compose and Kubernetes files use, and a
 * missing or mistyped service URL stops the start naming the property.
 */
class ServicesPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ServicesProperties.class)
    static class Settings {
    }

    private final ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(Settings.class)
            .withPropertyValues("expo.services.exhibitor=http://localhost:8081",
                    "expo.services.lead=http://localhost:8082,http://localhost:8182",
                    "expo.services.notification=https://notification.example:8443");

    @Test
    void the_urls_bind_as_given_and_the_probe_timeout_defaults_to_two_seconds() {
        context.run(started -> {
            assertThat(started).hasNotFailed();
            ServicesProperties services = started.getBean(ServicesProperties.class);
            assertThat(services.lead()).isEqualTo("http://localhost:8082,http://localhost:8182");
            assertThat(services.notification()).isEqualTo("https://notification.example:8443");
            assertThat(services.healthCheckTimeout()).isEqualTo(Duration.ofSeconds(2));
        });
        context.withPropertyValues("expo.services.health-check-timeout=500ms")
                .run(started -> assertThat(started.getBean(ServicesProperties.class).healthCheckTimeout()).isEqualTo(Duration.ofMillis(500)));
    }

    @Test
    void a_missing_or_mistyped_url_or_a_timeout_of_nothing_stops_the_start_naming_the_property() {
        assertRefused("expo.services.exhibitor=", "expo.services.exhibitor is missing");
        assertRefused("expo.services.lead=http://localhost:8082,localhost:8182", "expo.services.lead must hold http or https URLs");
        assertRefused("expo.services.health-check-timeout=0s", "expo.services.health-check-timeout");
    }

    private void assertRefused(String setting, String message) {
        context.withPropertyValues(setting).run(started -> assertThat(started).as(setting).hasFailed()
                .getFailure().satisfies(failure -> {
                    StringBuilder messages = new StringBuilder();
                    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                        messages.append(cause.getMessage()).append('\n');
                    }
                    assertThat(messages.toString()).contains(message);
                }));
    }
}
