package io.expoleads.lead.lead;

import java.time.Duration;
import java.time.Instant;

import io.expoleads.platform.security.Tenant;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * An exhibitor's lead changes as they happen, as server-sent events, for its dashboards: {@code
 * ready} first (the team's names), then {@code lead} at each capture, scan or qualification of one
 * of its leads (a {@link LeadChange}), a comment as heartbeat, and {@code end} with its reason
 * when the stream may not go on (the token expired, the member was taken off the team). Who may
 * open it is who may list the leads. The token travels in the {@code Authorization} header, as
 * everywhere: dashboards read the stream with {@code fetch}, never with a token in the URL.
 */
@RestController
class LeadStreamController {

    private static final Duration USUAL_TOKEN_LIFETIME = Duration.ofMinutes(15);

    private final LeadWatchers watchers;
    private final LeadAccess access;

    private final java.time.Clock clock;

    LeadStreamController(LeadWatchers watchers, LeadAccess access, java.time.Clock clock) {
        this.clock = clock;
        this.watchers = watchers;
        this.access = access;
    }

    @GetMapping("/api/exhibitors/{exhibitorId}/leads/events")
    ResponseEntity<SseEmitter> events(@PathVariable String exhibitorId, @AuthenticationPrincipal Jwt token) {
        Tenant caller = Tenant.of(token);
        access.requireExhibitor(caller, exhibitorId);
        return ResponseEntity.ok()
                .contentType(MediaType.TEXT_EVENT_STREAM)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                // Proxies that buffer answers (nginx) pass this one through as it is written.
                .header("X-Accel-Buffering", "no")
                .body(watchers.open(exhibitorId, caller, expiry(token)));
    }

    /** When the stream must end: with its token; a token without an expiry (none is issued so) gets the usual lifetime. */
    private Instant expiry(Jwt token) {
        return token.getExpiresAt() != null ? token.getExpiresAt() : clock.instant().plus(USUAL_TOKEN_LIFETIME);
    }
}
