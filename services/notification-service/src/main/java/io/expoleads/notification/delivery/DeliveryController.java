package io.expoleads.notification.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import io.expoleads.notification.exhibitor.SalesRoutings;
import io.expoleads.notification.webhook.WebhookDirectory;
import io.expoleads.platform.readmodel.KnownIds;
import io.expoleads.platform.security.Tenant;
import io.expoleads.platform.web.ApiException;
import io.expoleads.platform.web.Page;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The exhibitor's delivery log, newest first, with every attempt, and the replay of a finished
 * delivery. Only the exhibitor's admin sees its log; another exhibitor's ids answer 404 as if they
 * did not exist.
 */
@RestController
class DeliveryController {

    private final Deliveries deliveries;
    private final WebhookDirectory webhooks;
    private final SalesRoutings exhibitors;

    DeliveryController(Deliveries deliveries, WebhookDirectory webhooks, SalesRoutings exhibitors) {
        this.deliveries = deliveries;
        this.webhooks = webhooks;
        this.exhibitors = exhibitors;
    }

    /**
     * @param destination an email address or a webhook URL
     * @param webhookId   for webhook deliveries, the exhibitor's webhook
     * @param erasedAt    when the lead's visitor was erased (the content and the receivers' answers are gone)
     */
    record DeliveryView(String id, Delivery.Kind kind, Delivery.Channel channel, String destination, String webhookId,
                        String leadId, Delivery.Status status, int attempts, Instant createdAt, Instant lastAttemptAt,
                        Instant nextAttemptAt, String detail, int replays, List<Delivery.Attempt> history, Instant erasedAt) {

        static DeliveryView of(Delivery delivery) {
            return new DeliveryView(delivery.id(), delivery.kind(), delivery.channel(), delivery.destination(),
                    delivery.channel() == Delivery.Channel.WEBHOOK ? delivery.target() : null, delivery.leadId(),
                    delivery.status(), delivery.attempts(), delivery.createdAt(), delivery.lastAttemptAt(),
                    delivery.nextAttemptAt(), delivery.detail(), delivery.replays(), delivery.history(), delivery.erasedAt());
        }
    }

    @GetMapping("/api/exhibitors/{id}/deliveries")
    Page<DeliveryView> log(@PathVariable String id,
                           @RequestParam(required = false) Delivery.Status status,
                           @RequestParam(required = false) Delivery.Channel channel,
                           @RequestParam(required = false) Delivery.Kind kind,
                           @RequestParam(required = false) String leadId,
                           @RequestParam(required = false) String destination,
                           @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
                           @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
                           @RequestParam(required = false) Integer limit,
                           @RequestParam(required = false) String cursor,
                           @AuthenticationPrincipal Jwt token) {
        // A malformed id is 400, another exhibitor's 404 as if it did not exist, the caller's own
        // 404 UNKNOWN_EXHIBITOR until this service has heard of it.
        KnownIds.requireWellFormed("exhibitorId", id);
        Tenant.of(token).requireMemberOf(id, "Exhibitor", id);
        exhibitors.require(id);
        int size = Page.limit(limit);
        List<Criteria> filters = new ArrayList<>();
        if (status != null) {
            filters.add(Criteria.where("status").is(status));
        }
        if (channel != null) {
            filters.add(Criteria.where("channel").is(channel));
        }
        if (kind != null) {
            filters.add(Criteria.where("kind").is(kind));
        }
        if (leadId != null) {
            filters.add(Criteria.where("leadId").is(leadId));
        }
        if (destination != null) {
            filters.add(Criteria.where("destination").is(destination.strip()));
        }
        if (from != null) {
            filters.add(Criteria.where("createdAt").gte(from));
        }
        if (to != null) {
            filters.add(Criteria.where("createdAt").lt(to));
        }
        Instant beforeCreatedAt = null;
        String beforeId = null;
        if (cursor != null) {
            String[] parts = decode(cursor);
            beforeCreatedAt = Instant.ofEpochMilli(Long.parseLong(parts[0]));
            beforeId = parts[1];
        }
        List<Delivery> fetched = deliveries.page(id, filters, beforeCreatedAt, beforeId, size + 1);
        return Page.of(fetched.stream().map(DeliveryView::of).toList(), size,
                last -> Base64.getUrlEncoder().withoutPadding().encodeToString(
                        (last.createdAt().toEpochMilli() + ":" + last.id()).getBytes(StandardCharsets.UTF_8)));
    }

    @GetMapping("/api/deliveries/{id}")
    DeliveryView one(@PathVariable String id, @AuthenticationPrincipal Jwt token) {
        return DeliveryView.of(owned(id, token));
    }

    /**
     * Sends a finished delivery again (a webhook with the same {@code webhook-id}), in a new round of
     * attempts. Replaying a delivery of a disabled webhook enables the webhook again: the admin says
     * it works now.
     */
    @PostMapping("/api/deliveries/{id}/replay")
    ResponseEntity<DeliveryView> replay(@PathVariable String id, @AuthenticationPrincipal Jwt token) {
        Delivery delivery = owned(id, token);
        if (delivery.erasedAt() != null) {
            throw new ApiException(HttpStatus.GONE, "Lead erased", "Delivery " + id + " was of a visitor since erased: what it held is gone")
                    .withProperty("reason", "LEAD_ERASED");
        }
        if (!delivery.status().isFinal()) {
            throw ApiException.conflict("Delivery " + id + " is " + delivery.status() + ": it is already being attempted");
        }
        if (delivery.channel() == Delivery.Channel.WEBHOOK) {
            webhooks.enable(delivery.exhibitorId(), delivery.target());
        }
        Delivery replayed = deliveries.replay(delivery, Tenant.of(token).account())
                .orElseThrow(() -> ApiException.conflict("Delivery " + id + " changed meanwhile; read it again"));
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(DeliveryView.of(replayed));
    }

    private Delivery owned(String id, Jwt token) {
        Delivery delivery = deliveries.find(id).orElseThrow(() -> ApiException.notFound("Delivery", id));
        Tenant.of(token).requireMemberOf(delivery.exhibitorId(), "Delivery", id);
        return delivery;
    }

    private static String[] decode(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":", 2);
            Long.parseLong(parts[0]);
            if (parts.length != 2 || parts[1].isEmpty()) {
                throw new IllegalArgumentException("two parts expected");
            }
            return parts;
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField("cursor", "is not a cursor this list gave");
        }
    }
}
