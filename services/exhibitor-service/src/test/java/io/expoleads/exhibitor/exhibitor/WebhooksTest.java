package io.expoleads.exhibitor.exhibitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;

import io.expoleads.events.WebhookEndpoints;
import org.junit.jupiter.api.Test;

class WebhooksTest {

    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");

    private static Webhook webhook(int n) {
        return new Webhook("wh-" + n, "https://crm.atlas.example/hooks/" + n, List.of(new WebhookEndpoints.Secret("whsec_" + n, null)), NOW);
    }

    @Test
    void an_exhibitor_has_at_most_five_endpoints() {
        Webhooks webhooks = Webhooks.NONE;
        for (int n = 1; n <= Webhooks.MAX; n++) {
            webhooks = webhooks.added(webhook(n));
        }
        Webhooks full = webhooks;
        assertThat(full.all()).hasSize(5);
        assertThatThrownBy(() -> full.added(webhook(6))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 5");
        assertThat(full.removed("wh-3").added(webhook(6)).all()).extracting(Webhook::webhookId)
                .containsExactly("wh-1", "wh-2", "wh-4", "wh-5", "wh-6");
    }

    @Test
    void a_rotated_secret_leaves_the_former_one_valid_for_the_overlap_only() {
        Instant overlapEnd = NOW.plus(Duration.ofHours(24));
        Webhooks once = Webhooks.NONE.added(webhook(1)).rotated("wh-1", "whsec_second", overlapEnd, NOW);
        assertThat(once.webhook("wh-1").orElseThrow().secrets()).containsExactly(new WebhookEndpoints.Secret("whsec_second", null),
                new WebhookEndpoints.Secret("whsec_1", overlapEnd));

        Instant later = overlapEnd.plusSeconds(1);
        Webhooks twice = once.rotated("wh-1", "whsec_third", later.plus(Duration.ofHours(24)), later);
        assertThat(twice.webhook("wh-1").orElseThrow().secrets()).extracting(WebhookEndpoints.Secret::value)
                .as("the first secret's overlap had ended").containsExactly("whsec_third", "whsec_second");
    }

    @Test
    void an_unknown_endpoint_is_not_found() {
        assertThatThrownBy(() -> Webhooks.NONE.removed("wh-1")).isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> Webhooks.NONE.rotated("wh-1", "s", NOW, NOW)).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void the_endpoints_go_out_with_their_secrets_at_the_exhibitors_revision() {
        WebhookEndpoints endpoints = Webhooks.NONE.added(webhook(1)).endpoints("ex-1", 7);
        assertThat(endpoints.exhibitorId()).isEqualTo("ex-1");
        assertThat(endpoints.revision()).isEqualTo(7);
        assertThat(endpoints.endpoints()).singleElement().satisfies(endpoint -> {
            assertThat(endpoint.url()).isEqualTo("https://crm.atlas.example/hooks/1");
            assertThat(endpoint.secrets()).extracting(WebhookEndpoints.Secret::value).containsExactly("whsec_1");
        });
    }
}
