package io.expoleads.exhibitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.expoleads.testsupport.StartRefusals;
import io.expoleads.exhibitor.identity.IdentityProperties;
import io.expoleads.exhibitor.identity.OrganizerProperties;
import io.expoleads.exhibitor.staff.StaffProperties;
import io.expoleads.exhibitor.webhook.WebhookProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/**
 * exhibitor-service's own settings bind from the names its README and deployments use, keep their
 * defaults, and stop the service at start when a value would misbehave.
 */
class ServicePropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({IdentityProperties.class, OrganizerProperties.class, StaffProperties.class, WebhookProperties.class})
    static class Settings {
    }

    private final ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(Settings.class);

    @Test
    void the_defaults_are_the_ones_the_readme_gives() {
        context.run(started -> {
            assertThat(started).hasNotFailed();
            assertThat(started.getBean(OrganizerProperties.class)).isEqualTo(new OrganizerProperties("organizer", ""));
            assertThat(started.getBean(StaffProperties.class).invitationLifetime()).isEqualTo(Duration.ofDays(7));
            assertThat(started.getBean(WebhookProperties.class)).isEqualTo(new WebhookProperties(false, Duration.ofHours(24)));
            IdentityProperties identity = started.getBean(IdentityProperties.class);
            assertThat(identity.tokenLifetime()).isEqualTo(Duration.ofMinutes(15));
            assertThat(identity.refreshSweep()).isEqualTo(Duration.ofHours(1));
        });
    }

    @Test
    void they_bind_from_the_property_names_the_readme_and_deployments_use() {
        context.withPropertyValues("expo.organizer.password=s3cret-organizer", "expo.staff.invitation-lifetime=2d",
                "expo.webhooks.allow-loopback=true", "expo.webhooks.rotation-overlap=0s", "expo.auth.refresh-sweep=10m").run(started -> {
                    assertThat(started.getBean(OrganizerProperties.class).password()).isEqualTo("s3cret-organizer");
                    assertThat(started.getBean(StaffProperties.class).invitationLifetime()).isEqualTo(Duration.ofDays(2));
                    assertThat(started.getBean(WebhookProperties.class).allowLoopback()).isTrue();
                    assertThat(started.getBean(WebhookProperties.class).rotationOverlap()).as("the old secret may stop at once").isZero();
                    assertThat(started.getBean(IdentityProperties.class).refreshSweep()).isEqualTo(Duration.ofMinutes(10));
                });
    }

    @Test
    void values_that_would_misbehave_stop_the_start_naming_the_property() {
        assertRefused("expo.organizer.username= ", "expo.organizer.username");
        assertRefused("expo.staff.invitation-lifetime=0s", "expo.staff.invitation-lifetime");
        assertRefused("expo.webhooks.rotation-overlap=-1h", "expo.webhooks.rotation-overlap");
        assertRefused("expo.auth.refresh-sweep=0s", "expo.auth.refresh-sweep");
    }

    private void assertRefused(String setting, String property) {
        StartRefusals.assertStartRefused(context, setting, property);
    }
}
