package io.expoleads.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.expoleads.testsupport.StartRefusals;
import io.expoleads.notification.alert.AlertProperties;
import io.expoleads.notification.delivery.DeliverySettings;
import io.expoleads.notification.digest.DigestProperties;
import io.expoleads.notification.exhibitor.ReadModelProperties;
import io.expoleads.notification.retention.RetentionProperties;
import io.expoleads.notification.webhook.WebhookProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/**
 * notification-service's own settings bind from the names its README and deployments use, keep their
 * defaults, and stop the service at start when a value would misbehave.
 */
class ServicePropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({DeliverySettings.class, WebhookProperties.class, DigestProperties.class, AlertProperties.class,
            RetentionProperties.class, ReadModelProperties.class})
    static class Settings {
    }

    private final ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(Settings.class);

    @Test
    void the_defaults_are_the_ones_the_readme_gives() {
        context.run(started -> {
            assertThat(started).hasNotFailed();
            assertThat(started.getBean(DeliverySettings.class)).isEqualTo(new DeliverySettings(16, 8, 2, Duration.ofSeconds(1),
                    Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofHours(2), Duration.ofHours(25), 0.2));
            assertThat(started.getBean(WebhookProperties.class)).isEqualTo(new WebhookProperties(false, Duration.ofSeconds(10)));
            assertThat(started.getBean(DigestProperties.class).checkInterval()).isEqualTo(Duration.ofSeconds(30));
            assertThat(started.getBean(AlertProperties.class).releaseSweep()).isEqualTo(Duration.ofMinutes(1));
            assertThat(started.getBean(RetentionProperties.class).reminderSweep()).isEqualTo(Duration.ofHours(1));
            assertThat(started.getBean(ReadModelProperties.class).arrivalWait()).isEqualTo(Duration.ofSeconds(2));
        });
    }

    @Test
    void they_bind_from_the_property_names_the_readme_and_deployments_use() {
        context.withPropertyValues("expo.deliveries.workers=4", "expo.deliveries.email-workers=3", "expo.deliveries.per-destination=1",
                "expo.deliveries.poll=200ms", "expo.deliveries.lease=1m", "expo.deliveries.initial-delay=1s",
                "expo.deliveries.max-delay=1h", "expo.deliveries.retry-window=30h", "expo.deliveries.jitter=0",
                "expo.webhooks.allow-loopback=true", "expo.webhooks.timeout=3s", "expo.digests.check-interval=5m",
                "expo.alerts.release-sweep=10s", "expo.retention.reminder-sweep=2h", "expo.read-models.arrival-wait=0s").run(started -> {
                    assertThat(started.getBean(DeliverySettings.class)).isEqualTo(new DeliverySettings(4, 3, 1, Duration.ofMillis(200),
                            Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofHours(1), Duration.ofHours(30), 0.0));
                    assertThat(started.getBean(WebhookProperties.class)).isEqualTo(new WebhookProperties(true, Duration.ofSeconds(3)));
                    assertThat(started.getBean(DigestProperties.class).checkInterval()).isEqualTo(Duration.ofMinutes(5));
                    assertThat(started.getBean(AlertProperties.class).releaseSweep()).isEqualTo(Duration.ofSeconds(10));
                    assertThat(started.getBean(RetentionProperties.class).reminderSweep()).isEqualTo(Duration.ofHours(2));
                    assertThat(started.getBean(ReadModelProperties.class).arrivalWait()).as("no wait: answers at once").isZero();
                });
    }

    @Test
    void values_that_would_misbehave_stop_the_start_naming_the_property() {
        assertRefused("expo.deliveries.workers=0", "expo.deliveries.workers");
        assertRefused("expo.deliveries.email-workers=0", "expo.deliveries.email-workers");
        assertRefused("expo.deliveries.per-destination=0", "expo.deliveries.per-destination");
        assertRefused("expo.deliveries.poll=0s", "expo.deliveries.poll");
        assertRefused("expo.deliveries.lease=-1s", "expo.deliveries.lease");
        assertRefused("expo.deliveries.initial-delay=0s", "expo.deliveries.initial-delay");
        assertRefused("expo.deliveries.max-delay=0s", "expo.deliveries.max-delay");
        assertRefused("expo.deliveries.retry-window=0s", "expo.deliveries.retry-window");
        assertRefused("expo.deliveries.jitter=1", "expo.deliveries.jitter");
        assertRefused("expo.deliveries.jitter=-0.1", "expo.deliveries.jitter");
        assertRefused("expo.webhooks.timeout=0s", "expo.webhooks.timeout");
        assertRefused("expo.digests.check-interval=0s", "expo.digests.check-interval");
        assertRefused("expo.alerts.release-sweep=-1m", "expo.alerts.release-sweep");
        assertRefused("expo.retention.reminder-sweep=0s", "expo.retention.reminder-sweep");
        assertRefused("expo.read-models.arrival-wait=-1s", "expo.read-models.arrival-wait");
    }

    private void assertRefused(String setting, String property) {
        StartRefusals.assertStartRefused(context, setting, property);
    }
}
