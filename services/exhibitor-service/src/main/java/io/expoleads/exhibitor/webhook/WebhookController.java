package io.expoleads.exhibitor.webhook;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import io.expoleads.exhibitor.exhibitor.Exhibitor;
import io.expoleads.exhibitor.exhibitor.ExhibitorOnboarding;
import io.expoleads.exhibitor.exhibitor.Webhook;
import io.expoleads.exhibitor.identity.Caller;
import io.expoleads.events.WebhookEndpoints;
import io.expoleads.platform.web.ApiException;
import io.expoleads.platform.webhook.WebhookTargets;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The exhibitor's webhook endpoints. A signing secret is generated here (32 random bytes, Standard
 * Webhooks' {@code whsec_} form) and shown once; a rotation keeps the former secret valid for a
 * while so the receiver can switch over. The secrets travel to notification-service on their own
 * topic, never in the exhibitor's public view.
 */
@RestController
class WebhookController {

    private static final int SECRET_BYTES = 32;

    private final ExhibitorOnboarding exhibitors;
    private final WebhookTargets targets;
    private final Duration rotationOverlap;
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;

    WebhookController(ExhibitorOnboarding exhibitors, WebhookProperties properties, Clock clock) {
        this.clock = clock;
        this.exhibitors = exhibitors;
        this.targets = new WebhookTargets(properties.allowLoopback());
        this.rotationOverlap = properties.rotationOverlap();
    }

    record NewWebhook(@NotBlank @Size(max = 2000) String url) {
    }

    /** The secret is in this answer only. */
    record WebhookWithSecret(String webhookId, String url, String secret, Instant previousSecretValidUntil) {
    }

    record WebhookSummary(String webhookId, String url, Instant createdAt, int validSecrets) {
    }

    @PostMapping("/api/exhibitors/{id}/webhooks")
    ResponseEntity<WebhookWithSecret> add(@PathVariable String id, @Valid @RequestBody NewWebhook request,
                                          @AuthenticationPrincipal Jwt token) {
        Caller caller = Caller.of(token).requireAdminOf(id, false);
        String url = request.url().strip();
        String refusal = targets.refusal(url);
        if (refusal != null) {
            throw ApiException.invalidField("url", refusal);
        }
        String secret = secret();
        Webhook webhook = new Webhook(UUID.randomUUID().toString(), url,
                List.of(new WebhookEndpoints.Secret(secret, null)), clock.instant());
        exhibitors.addWebhook(id, caller.account(), webhook);
        return ResponseEntity.created(URI.create("/api/exhibitors/" + id + "/webhooks"))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(new WebhookWithSecret(webhook.webhookId(), url, secret, null));
    }

    @GetMapping("/api/exhibitors/{id}/webhooks")
    List<WebhookSummary> list(@PathVariable String id, @AuthenticationPrincipal Jwt token) {
        Caller.of(token).requireAdminOf(id, false);
        return summaries(exhibitors.find(id));
    }

    @PostMapping("/api/exhibitors/{id}/webhooks/{webhookId}/rotate-secret")
    ResponseEntity<WebhookWithSecret> rotate(@PathVariable String id, @PathVariable String webhookId,
                                             @AuthenticationPrincipal Jwt token) {
        Caller caller = Caller.of(token).requireAdminOf(id, false);
        String secret = secret();
        Exhibitor exhibitor = exhibitors.rotateWebhookSecret(id, caller.account(), webhookId, secret, rotationOverlap);
        Webhook rotated = exhibitor.webhooks().webhook(webhookId).orElseThrow();
        Instant previousUntil = rotated.secrets().size() > 1 ? rotated.secrets().get(1).validUntil() : null;
        return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(new WebhookWithSecret(webhookId, rotated.url(), secret, previousUntil));
    }

    @DeleteMapping("/api/exhibitors/{id}/webhooks/{webhookId}")
    List<WebhookSummary> remove(@PathVariable String id, @PathVariable String webhookId, @AuthenticationPrincipal Jwt token) {
        Caller caller = Caller.of(token).requireAdminOf(id, false);
        return summaries(exhibitors.removeWebhook(id, caller.account(), webhookId));
    }

    private List<WebhookSummary> summaries(Exhibitor exhibitor) {
        Instant now = clock.instant();
        return exhibitor.webhooks().all().stream().map(webhook -> new WebhookSummary(webhook.webhookId(), webhook.url(),
                webhook.createdAt(), (int) webhook.secrets().stream()
                        .filter(secret -> secret.validUntil() == null || secret.validUntil().isAfter(now)).count())).toList();
    }

    private String secret() {
        byte[] bytes = new byte[SECRET_BYTES];
        random.nextBytes(bytes);
        return "whsec_" + Base64.getEncoder().encodeToString(bytes);
    }
}
