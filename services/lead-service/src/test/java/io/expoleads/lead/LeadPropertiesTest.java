package io.expoleads.lead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.expoleads.lead.badge.BadgeSignatureCacheProperties;
import io.expoleads.lead.lead.LeadStreamProperties;
import io.expoleads.lead.privacy.VisitorPrivacyProperties;
import io.expoleads.lead.scan.DirectorySearchProperties;
import io.expoleads.lead.scan.OfflineQueueProperties;
import io.expoleads.lead.scanner.ScannerProperties;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

/**
 * lead-service's own settings bound as Spring Boot binds them, without a context: the property names
 * the README, docker-compose.yml and deploy/kubernetes use, their defaults, and the values refused
 * at start-up because the service would misbehave with them. The mail and web settings are
 * shared/platform's (SharedPropertiesTest).
 */
class LeadPropertiesTest {

    private static final ValidatorFactory VALIDATION = Validation.buildDefaultValidatorFactory();

    @AfterAll
    static void close() {
        VALIDATION.close();
    }

    private static <T> T bind(String prefix, Class<T> type, Map<String, String> properties) {
        Binder binder = new Binder(new MapConfigurationPropertySource(properties));
        return binder.bindOrCreate(prefix, Bindable.of(type),
                new ValidationBindHandler(new SpringValidatorAdapter(VALIDATION.getValidator())));
    }

    private static Map<String, String> the(String... namesAndValues) {
        Map<String, String> properties = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            properties.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return properties;
    }

    @Test
    void unset_privacy_settings_take_the_defaults_the_readme_names() {
        VisitorPrivacyProperties privacy = bind("expo.privacy", VisitorPrivacyProperties.class, Map.of());

        assertThat(privacy.visitorLink().lifetime()).isEqualTo(Duration.ofMinutes(30));
        assertThat(privacy.visitorLink().perAddress()).isEqualTo(5);
        assertThat(privacy.visitorLink().perClient()).isEqualTo(30);
        assertThat(privacy.visitorLink().window()).isEqualTo(Duration.ofMinutes(15));
        assertThat(privacy.visitorSession().lifetime()).isEqualTo(Duration.ofMinutes(30));
        assertThat(privacy.retentionSweep()).isEqualTo(Duration.ofMinutes(15));
        assertThat(privacy.retentionChunk()).isEqualTo(200);
        assertThat(privacy.retentionPassMax()).isEqualTo(5000);
        assertThat(privacy.erasureServices()).containsExactlyInAnyOrder("lead-service", "notification-service");
        assertThat(privacy.erasureSweep()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void privacy_settings_are_read_from_their_property_names() {
        VisitorPrivacyProperties privacy = bind("expo.privacy", VisitorPrivacyProperties.class, the(
                "expo.privacy.visitor-link.lifetime", "10m", "expo.privacy.visitor-link.per-address", "3",
                "expo.privacy.visitor-link.per-client", "7", "expo.privacy.visitor-link.window", "1h",
                "expo.privacy.visitor-session.lifetime", "45m", "expo.privacy.retention-sweep", "5m",
                "expo.privacy.retention-chunk", "50", "expo.privacy.retention-pass-max", "100",
                "expo.privacy.erasure-services", "lead-service", "expo.privacy.erasure-sweep", "10s",
                // The sealing settings of shared/platform share the prefix: this record leaves them alone.
                "expo.privacy.enabled", "true"));

        assertThat(privacy.visitorLink()).isEqualTo(new VisitorPrivacyProperties.VisitorLink(Duration.ofMinutes(10), 3, 7,
                Duration.ofHours(1)));
        assertThat(privacy.visitorSession().lifetime()).isEqualTo(Duration.ofMinutes(45));
        assertThat(privacy.retentionSweep()).isEqualTo(Duration.ofMinutes(5));
        assertThat(privacy.retentionChunk()).isEqualTo(50);
        assertThat(privacy.retentionPassMax()).isEqualTo(100);
        assertThat(privacy.erasureServices()).containsExactly("lead-service");
        assertThat(privacy.erasureSweep()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void privacy_settings_that_would_stop_the_work_or_let_nothing_through_are_refused() {
        for (Map.Entry<String, String> wrong : Map.of("expo.privacy.visitor-link.lifetime", "0s",
                "expo.privacy.visitor-link.per-address", "0", "expo.privacy.visitor-link.per-client", "-1",
                "expo.privacy.visitor-link.window", "-5m", "expo.privacy.visitor-session.lifetime", "0s",
                "expo.privacy.retention-sweep", "0s", "expo.privacy.retention-chunk", "0",
                "expo.privacy.retention-pass-max", "0", "expo.privacy.erasure-services", "",
                "expo.privacy.erasure-sweep", "0ms").entrySet()) {
            assertThatThrownBy(() -> bind("expo.privacy", VisitorPrivacyProperties.class, the(wrong.getKey(), wrong.getValue())))
                    .as(wrong.toString()).isInstanceOf(BindException.class).hasRootCauseInstanceOf(BindValidationException.class);
        }
    }

    @Test
    void read_models_wait_two_seconds_for_what_they_have_not_heard_of_and_never_a_negative_time() {
        assertThat(bind("expo.read-models", ReadModelProperties.class, Map.of()).arrivalWait()).isEqualTo(Duration.ofSeconds(2));
        assertThat(bind("expo.read-models", ReadModelProperties.class, the("expo.read-models.arrival-wait", "0s")).arrivalWait())
                .isZero();
        assertThatThrownBy(() -> bind("expo.read-models", ReadModelProperties.class, the("expo.read-models.arrival-wait", "-1s")))
                .isInstanceOf(BindException.class);
    }

    @Test
    void lead_streams_beat_every_fifteen_seconds_unless_told_otherwise() {
        assertThat(bind("expo.leads.stream", LeadStreamProperties.class, Map.of()).heartbeat()).isEqualTo(Duration.ofSeconds(15));
        assertThat(bind("expo.leads.stream", LeadStreamProperties.class, the("expo.leads.stream.heartbeat", "1s")).heartbeat())
                .isEqualTo(Duration.ofSeconds(1));
        assertThatThrownBy(() -> bind("expo.leads.stream", LeadStreamProperties.class, the("expo.leads.stream.heartbeat", "0s")))
                .isInstanceOf(BindException.class);
    }

    @Test
    void a_scanner_is_stuck_after_fifteen_minutes_and_forgotten_after_thirty_days() {
        ScannerProperties scanners = bind("expo.scanners", ScannerProperties.class, Map.of());

        assertThat(scanners.stuckAfter()).isEqualTo(Duration.ofMinutes(15));
        assertThat(scanners.forgetAfter()).isEqualTo(Duration.ofDays(30));
        assertThat(bind("expo.scanners", ScannerProperties.class, the("expo.scanners.stuck-after", "5m",
                "expo.scanners.forget-after", "7d"))).isEqualTo(new ScannerProperties(Duration.ofMinutes(5), Duration.ofDays(7)));
        for (String wrong : new String[] {"expo.scanners.stuck-after", "expo.scanners.forget-after"}) {
            assertThatThrownBy(() -> bind("expo.scanners", ScannerProperties.class, the(wrong, "0s")))
                    .as(wrong).isInstanceOf(BindException.class);
        }
    }

    @Test
    void each_account_searches_the_directory_thirty_times_in_ten_minutes_unless_told_otherwise() {
        assertThat(bind("expo.directory-search", DirectorySearchProperties.class, Map.of()))
                .isEqualTo(new DirectorySearchProperties(30, Duration.ofMinutes(10)));
        assertThat(bind("expo.directory-search", DirectorySearchProperties.class, the("expo.directory-search.per-account", "5",
                "expo.directory-search.window", "1m"))).isEqualTo(new DirectorySearchProperties(5, Duration.ofMinutes(1)));
        assertThatThrownBy(() -> bind("expo.directory-search", DirectorySearchProperties.class,
                the("expo.directory-search.per-account", "0"))).isInstanceOf(BindException.class);
        assertThatThrownBy(() -> bind("expo.directory-search", DirectorySearchProperties.class,
                the("expo.directory-search.window", "0s"))).isInstanceOf(BindException.class);
    }

    @Test
    void an_instance_takes_two_offline_queues_at_once_unless_told_otherwise_and_never_none() {
        assertThat(bind("expo.scans.offline-queues", OfflineQueueProperties.class, Map.of())).isEqualTo(new OfflineQueueProperties(2));
        assertThat(bind("expo.scans.offline-queues", OfflineQueueProperties.class, the("expo.scans.offline-queues.at-once", "4")))
                .isEqualTo(new OfflineQueueProperties(4));
        assertThatThrownBy(() -> bind("expo.scans.offline-queues", OfflineQueueProperties.class,
                the("expo.scans.offline-queues.at-once", "0"))).isInstanceOf(BindException.class);
    }

    @Test
    void fifty_thousand_badge_signatures_are_remembered_for_eight_hours_unless_told_otherwise() {
        String prefix = "expo.badges.signature-cache";
        assertThat(bind(prefix, BadgeSignatureCacheProperties.class, Map.of()))
                .isEqualTo(new BadgeSignatureCacheProperties(50_000, Duration.ofHours(8)));
        assertThat(bind(prefix, BadgeSignatureCacheProperties.class, the(prefix + ".maximum-size", "1000",
                prefix + ".time-to-live", "30m"))).isEqualTo(new BadgeSignatureCacheProperties(1000, Duration.ofMinutes(30)));
        assertThatThrownBy(() -> bind(prefix, BadgeSignatureCacheProperties.class, the(prefix + ".maximum-size", "0")))
                .isInstanceOf(BindException.class);
        assertThatThrownBy(() -> bind(prefix, BadgeSignatureCacheProperties.class, the(prefix + ".time-to-live", "0s")))
                .isInstanceOf(BindException.class);
    }
}
