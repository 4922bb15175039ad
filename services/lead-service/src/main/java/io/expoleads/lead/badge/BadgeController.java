package io.expoleads.lead.badge;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import io.expoleads.lead.audit.AuditLog;
import io.expoleads.lead.audit.BulkRead;
import io.expoleads.platform.security.Tenant;
import io.expoleads.lead.edition.EditionCalendar;
import io.expoleads.lead.exhibitor.BoothExhibitor;
import io.expoleads.lead.lead.LeadAccess;
import io.expoleads.platform.web.ApiException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Badges for the organizer (the QR as PNG or SVG, or the payload as JSON; revocation; key
 * rotation), and each edition's public badge keys for scanner apps: by edition for anyone, and by
 * exhibitor for its team, with the edition its scanners check badges against.
 */
@RestController
class BadgeController {

    static final MediaType SVG = MediaType.parseMediaType("image/svg+xml");
    /** RFC 7517's media type for a JWK Set. */
    static final MediaType JWK_SET = MediaType.parseMediaType("application/jwk-set+json");
    static final int DEFAULT_SIZE = 512;
    static final int MIN_SIZE = 128;
    static final int MAX_SIZE = 2048;
    /** What a badge is served as, the first being the default. */
    private static final List<MediaType> OFFERED = List.of(MediaType.IMAGE_PNG, SVG, MediaType.APPLICATION_JSON);
    /** Scanners pick up a rotation within this time; until then the former key still verifies. */
    private static final CacheControl KEYS_CACHE = CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic();
    /** An edition without a key gets one with its first badge: ask again soon. */
    private static final CacheControl NO_KEYS_CACHE = CacheControl.maxAge(Duration.ofMinutes(1)).cachePublic();
    /** The same times for an exhibitor's keys, which answer to a token: kept by the asking browser only. */
    private static final CacheControl TEAM_KEYS_CACHE = CacheControl.maxAge(Duration.ofMinutes(5)).cachePrivate();
    private static final CacheControl TEAM_NO_KEYS_CACHE = CacheControl.maxAge(Duration.ofMinutes(1)).cachePrivate();
    /** The member a scanner finds the edition in, beside the JWK Set's {@code keys} (RFC 7517 5: others are ignored). */
    static final String EDITION_MEMBER = "editionId";

    private final Badges badges;
    private final BadgeKeys keys;
    private final EditionCalendar editions;

    private final AuditLog audit;
    private final LeadAccess access;

    BadgeController(Badges badges, BadgeKeys keys, EditionCalendar editions, AuditLog audit, LeadAccess access) {
        this.badges = badges;
        this.keys = keys;
        this.editions = editions;
        this.audit = audit;
        this.access = access;
    }

    /** A public key that verifies the edition's badges from now on, and signs its new ones. */
    record RotatedKey(String editionId, String keyId, Instant createdAt) {
    }

    @GetMapping("/api/editions/{editionId}/badge-keys")
    ResponseEntity<String> keys(@PathVariable String editionId) {
        // Public: anyone may ask, so an unknown edition is refused at once rather than waited for.
        editions.requireNow(editionId);
        List<VerificationKey> known = keys.publicKeys(editionId);
        JWKSet set = new JWKSet(known.stream().<JWK>map(VerificationKey::jwk).toList());
        return ResponseEntity.ok().cacheControl(known.isEmpty() ? NO_KEYS_CACHE : KEYS_CACHE).contentType(JWK_SET)
                .body(set.toString(true));
    }

    /**
     * The badge keys of the exhibitor's edition, with that edition's id: what a booth scanner keeps
     * to check badges with no network (a badge of another edition, or whose signature does not
     * match, is refused on the phone). The scanner knows its exhibitor from its token, not its edition.
     */
    @GetMapping("/api/exhibitors/{exhibitorId}/badge-keys")
    ResponseEntity<String> teamKeys(@PathVariable String exhibitorId, @AuthenticationPrincipal Jwt token) {
        BoothExhibitor exhibitor = access.requireExhibitor(Tenant.of(token), exhibitorId);
        List<VerificationKey> known = keys.publicKeys(exhibitor.editionId());
        Map<String, Object> set = new LinkedHashMap<>();
        set.put(EDITION_MEMBER, exhibitor.editionId());
        set.putAll(new JWKSet(known.stream().<JWK>map(VerificationKey::jwk).toList()).toJSONObject(true));
        return ResponseEntity.ok().cacheControl(known.isEmpty() ? TEAM_NO_KEYS_CACHE : TEAM_KEYS_CACHE).contentType(JWK_SET)
                .body(JSONObjectUtils.toJSONString(set));
    }

    @PostMapping("/api/editions/{editionId}/badge-keys/rotate")
    ResponseEntity<RotatedKey> rotate(@PathVariable String editionId) {
        editions.require(editionId);
        VerificationKey key = keys.rotate(editionId);
        return ResponseEntity.created(URI.create("/api/editions/" + editionId + "/badge-keys"))
                .body(new RotatedKey(key.editionId(), key.keyId(), key.createdAt()));
    }

    /**
     * The attendee's current badge as {@code format} says ({@code png}, {@code svg} or
     * {@code json}), else as the Accept header prefers; PNG by default.
     */
    @GetMapping("/api/attendees/{attendeeId}/badge")
    ResponseEntity<?> badge(@PathVariable String attendeeId, @RequestParam(required = false) String format,
            @RequestParam(required = false) Integer size,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept,
            @AuthenticationPrincipal Jwt token) {
        MediaType type = format == null ? negotiate(accept) : fromFormat(format);
        int pixels = size == null ? DEFAULT_SIZE : size;
        if (pixels < MIN_SIZE || pixels > MAX_SIZE) {
            throw ApiException.invalidField("size", "is between " + MIN_SIZE + " and " + MAX_SIZE + " pixels");
        }
        Badge badge = badges.current(attendeeId);
        // A badge's code lets whoever holds it be scanned as the visitor: each one shown is in the audit log.
        audit.count(BulkRead.BADGE_CODE, badge.editionId(), null, Tenant.of(token), 1);
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok().cacheControl(CacheControl.noStore()).contentType(type)
                .header(HttpHeaders.VARY, HttpHeaders.ACCEPT);
        if (MediaType.IMAGE_PNG.equals(type)) {
            return answer.body(BadgeQr.png(badge.payload(), pixels));
        }
        if (SVG.equals(type)) {
            return answer.body(BadgeQr.svg(badge.payload(), pixels).getBytes(StandardCharsets.UTF_8));
        }
        return answer.body(badge);
    }

    /** Revokes the attendee's current badge; the answer is the badge that replaces it. */
    @PostMapping("/api/attendees/{attendeeId}/badge/revoke")
    Badge revoke(@PathVariable String attendeeId) {
        return badges.revoke(attendeeId);
    }

    private static MediaType fromFormat(String format) {
        return switch (format.strip().toLowerCase(Locale.ROOT)) {
            case "png" -> MediaType.IMAGE_PNG;
            case "svg" -> SVG;
            case "json" -> MediaType.APPLICATION_JSON;
            default -> throw ApiException.invalidField("format", "is png, svg or json");
        };
    }

    /** The offered type the Accept header rates highest (RFC 9110 12.5.1); ties go to the earlier offer. */
    static MediaType negotiate(String accept) {
        if (accept == null || accept.isBlank()) {
            return OFFERED.get(0);
        }
        List<MediaType> ranges;
        try {
            ranges = MediaType.parseMediaTypes(accept);
        } catch (InvalidMediaTypeException e) {
            throw ApiException.invalid("The Accept header is not a list of media types");
        }
        MediaType best = null;
        double bestQuality = 0;
        for (MediaType offered : OFFERED) {
            double quality = quality(offered, ranges);
            if (quality > bestQuality) {
                best = offered;
                bestQuality = quality;
            }
        }
        if (best == null) {
            throw new ApiException(HttpStatus.NOT_ACCEPTABLE, "Not acceptable",
                    "A badge is served as image/png, image/svg+xml or application/json");
        }
        return best;
    }

    /** The quality given by the most specific range that includes the type; 0 when none does. */
    private static double quality(MediaType offered, List<MediaType> ranges) {
        MediaType match = null;
        for (MediaType range : ranges) {
            if (range.includes(offered) && (match == null || specificity(range) > specificity(match))) {
                match = range;
            }
        }
        return match == null ? 0 : match.getQualityValue();
    }

    private static int specificity(MediaType range) {
        return range.isWildcardType() ? 0 : range.isWildcardSubtype() ? 1 : 2;
    }
}
