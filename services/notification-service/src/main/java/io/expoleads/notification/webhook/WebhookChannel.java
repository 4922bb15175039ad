package io.expoleads.notification.webhook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import io.expoleads.events.WebhookEndpoints;
import io.expoleads.notification.delivery.AttemptResult;
import io.expoleads.notification.delivery.Delivery;
import io.expoleads.notification.delivery.DeliveryChannel;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/**
 * Webhook attempts: the delivery's body, fixed when it was opened, is signed at each attempt with
 * every secret of the endpoint still valid then (both during a rotation) and sent to the endpoint's
 * URL as configured now. 2xx is success; {@code 410 Gone} ends the delivery and disables the
 * endpoint; an address refused after resolution is not retried; anything else is retried, after the
 * endpoint's {@code Retry-After} when a 429 or 503 gives one.
 */
@Component
class WebhookChannel implements DeliveryChannel {

    private final WebhookDirectory directory;
    private final WebhookSender sender;
    private final Clock clock;
    private final MeterRegistry meters;

    WebhookChannel(WebhookDirectory directory, WebhookSender sender, MeterRegistry meters, Clock clock) {
        this.clock = clock;
        this.directory = directory;
        this.sender = sender;
        this.meters = meters;
    }

    @Override
    public Delivery.Channel channel() {
        return Delivery.Channel.WEBHOOK;
    }

    @Override
    public AttemptResult attempt(Delivery delivery) {
        WebhookDirectory.Configured configured = directory.configured(delivery.exhibitorId(), delivery.target()).orElse(null);
        if (configured == null) {
            return AttemptResult.cancelled("the webhook was removed");
        }
        if (configured.disabledBecause() != null) {
            return AttemptResult.cancelled("the webhook is disabled: " + configured.disabledBecause());
        }
        WebhookEndpoints.Endpoint endpoint = configured.endpoint();
        Instant now = clock.instant();
        List<String> secrets = endpoint.secrets().stream()
                .filter(secret -> secret.validUntil() == null || secret.validUntil().isAfter(now))
                .map(WebhookEndpoints.Secret::value).toList();
        if (secrets.isEmpty()) {
            return AttemptResult.cancelled("the webhook has no valid signing secret");
        }
        WebhookCall call;
        try {
            call = sender.send(endpoint.url(), delivery.id(), delivery.content(), secrets);
        } catch (IllegalArgumentException e) {
            // A secret that is not base64: retrying cannot help; the admin hears of it and can rotate.
            return new AttemptResult(AttemptResult.Outcome.REJECTED, endpoint.url(), 0, null, 0, e.getMessage(), null);
        }
        String target = endpoint.url() + (call.address() == null ? "" : " (" + call.address() + ")");
        AttemptResult.Outcome outcome;
        if (call.succeeded()) {
            outcome = AttemptResult.Outcome.SUCCEEDED;
        } else if (call.gone()) {
            outcome = AttemptResult.Outcome.GONE;
        } else if (call.refused()) {
            outcome = AttemptResult.Outcome.REJECTED;
        } else {
            outcome = AttemptResult.Outcome.FAILED;
        }
        // Tagged by outcome and status class only: the endpoint's URL names the exhibitor's CRM and often an id.
        Timer.builder("expo.webhooks.call")
                .description("Webhook calls to sales teams' CRMs, from the request sent to the answer read, by outcome and status class")
                .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                .tag("status", call.status() <= 0 ? "none" : (call.status() / 100) + "xx")
                .register(meters).record(Duration.ofMillis(call.latencyMillis()));
        return new AttemptResult(outcome, target, call.status(), call.responseSnippet(), call.latencyMillis(), call.error(),
                call.retryAfter());
    }
}
