package io.expoleads.platform.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.expoleads.testsupport.StartRefusals;
import io.expoleads.platform.mail.ExpoMailAutoConfiguration;
import io.expoleads.platform.mail.ExpoMailProperties;
import io.expoleads.platform.outbox.ExpoOutboxProperties;
import io.expoleads.platform.store.ExpoStoreProperties;
import io.expoleads.platform.web.ExpoWebProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/**
 * The settings every service shares bind from the property names the README, docker-compose.yml and
 * deploy/kubernetes use, keep their defaults, and stop the service at start when a value would
 * misbehave, naming the property.
 */
class SharedPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({ExpoWebProperties.class, ExpoStoreProperties.class, ExpoOutboxProperties.class})
    static class Shared {
    }

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ExpoMailAutoConfiguration.class))
            .withUserConfiguration(Shared.class)
            .withPropertyValues("expo.mail.from=Expo Leads <leads@expo-leads.local>", "expo.web.public-url=http://localhost:8080");

    @Test
    void the_defaults_are_the_ones_the_readme_gives() {
        context.run(started -> {
            assertThat(started).hasNotFailed();
            assertThat(started.getBean(ExpoMailProperties.class).retryInterval()).isEqualTo(Duration.ofSeconds(30));
            assertThat(started.getBean(ExpoWebProperties.class).maxRequestSize()).isEqualTo(DataSize.ofMegabytes(16));
            assertThat(started.getBean(ExpoStoreProperties.class).serverSelectionTimeout()).isEqualTo(Duration.ofSeconds(3));
            assertThat(started.getBean(ExpoStoreProperties.class).connectTimeout()).isEqualTo(Duration.ofSeconds(3));
            assertThat(started.getBean(ExpoOutboxProperties.class).sweepInterval()).isEqualTo(Duration.ofSeconds(30));
        });
    }

    @Test
    void they_bind_from_the_property_names_the_deployments_set() {
        context.withPropertyValues("expo.web.public-url=https://expo.example/", "expo.store.connect-timeout=5s",
                        "expo.web.max-request-size=8MB", "expo.mail.retry-interval=1m", "expo.outbox.sweep-interval=10s")
                .run(started -> {
                    assertThat(started.getBean(ExpoWebProperties.class).publicUrl()).isEqualTo("https://expo.example/");
                    assertThat(started.getBean(ExpoStoreProperties.class).connectTimeout()).isEqualTo(Duration.ofSeconds(5));
                    assertThat(started.getBean(ExpoWebProperties.class).maxRequestSize()).isEqualTo(DataSize.ofMegabytes(8));
                    assertThat(started.getBean(ExpoMailProperties.class).retryInterval()).isEqualTo(Duration.ofMinutes(1));
                    assertThat(started.getBean(ExpoOutboxProperties.class).sweepInterval()).isEqualTo(Duration.ofSeconds(10));
                });
    }

    @Test
    void a_link_to_the_web_tier_has_one_slash_however_the_url_was_written() {
        assertThat(new ExpoWebProperties("https://expo.example/", DataSize.ofMegabytes(1)).link("/dashboard/"))
                .isEqualTo("https://expo.example/dashboard/");
        assertThat(new ExpoWebProperties("https://expo.example", DataSize.ofMegabytes(1)).link("/scan/#invitation=x"))
                .isEqualTo("https://expo.example/scan/#invitation=x");
    }

    /** A missing value is named by its prefix and field (Boot's start-up report says "expo.web.publicUrl"). */
    @Test
    void a_service_without_a_sender_or_a_public_url_does_not_start() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ExpoMailAutoConfiguration.class)).run(started ->
                assertThat(started).hasFailed().getFailure().satisfies(failure -> assertThat(StartRefusals.messages(failure)).contains("expo.mail", "'from'")));
        new ApplicationContextRunner().withUserConfiguration(Shared.class).run(started ->
                assertThat(started).hasFailed().getFailure().satisfies(failure -> assertThat(StartRefusals.messages(failure)).contains("expo.web", "'publicUrl'")));
    }

    @Test
    void values_that_would_misbehave_stop_the_start_naming_the_property() {
        assertRefused("expo.web.public-url=localhost:8080", "expo.web.public-url");
        assertRefused("expo.web.max-request-size=0B", "expo.web.max-request-size");
        assertRefused("expo.mail.retry-interval=0s", "expo.mail.retry-interval");
        assertRefused("expo.store.server-selection-timeout=0s", "expo.store.server-selection-timeout");
        assertRefused("expo.store.connect-timeout=-1s", "expo.store.connect-timeout");
        assertRefused("expo.outbox.sweep-interval=0s", "expo.outbox.sweep-interval");
    }

    private void assertRefused(String setting, String property) {
        StartRefusals.assertStartRefused(context, setting, property);
    }
}
