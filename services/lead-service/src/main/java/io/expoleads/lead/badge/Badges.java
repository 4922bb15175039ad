package io.expoleads.lead.badge;

import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.util.Base64URL;
import io.expoleads.lead.attendee.Attendee;
import io.expoleads.lead.attendee.AttendeeDirectory;
import io.expoleads.lead.edition.EditionCalendar;
import io.expoleads.platform.web.ApiException;
import io.expoleads.platform.security.Sha256Key;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import org.springframework.stereotype.Component;

/**
 * Visitor badges: each attendee's QR payload, signed with the edition's current Ed25519 key, and
 * the check a scan makes of a payload. A scanner app can make the same signature check offline
 * with the edition's JWK Set ({@code GET /api/editions/{editionId}/badge-keys}; the booth scanner
 * asks {@code GET /api/exhibitors/{exhibitorId}/badge-keys}, which names the edition too).
 */
@Component
public class Badges {

    private final AttendeeDirectory attendees;
    private final BadgeKeys keys;
    private final BadgeNumbers numbers;
    private final BadgeVerifier verifier;
    private final EditionCalendar editions;

    Badges(AttendeeDirectory attendees, BadgeKeys keys, BadgeNumbers numbers, EditionCalendar editions,
           BadgeSignatureCacheProperties signatureCache, MeterRegistry meters) {
        this.attendees = attendees;
        this.editions = editions;
        this.keys = keys;
        this.numbers = numbers;
        Cache<Sha256Key, Base64URL> signedPayloads = Caffeine.newBuilder()
                .maximumSize(signatureCache.maximumSize()).expireAfterWrite(signatureCache.timeToLive())
                .recordStats().build();
        // cache_gets{cache="badge-signatures",result="hit"}: the share of scans that skipped the Ed25519 check.
        CaffeineCacheMetrics.monitor(meters, signedPayloads, "badge-signatures");
        this.verifier = new BadgeVerifier(keys::find, numbers::current, signedPayloads);
    }

    /**
     * The badge a payload stands for, once its shape, key, signature, edition and number passed.
     *
     * @throws BadgeRejectedException with the first check that failed
     */
    public VerifiedBadge verify(String payload, String expectedEditionId) {
        return verifier.verify(payload, expectedEditionId);
    }

    /**
     * The signed payload of the attendee's current badge; asked again, the same badge number
     * (and, until the edition's key is rotated, the very same payload).
     *
     * @throws ApiException 404 when there is no such attendee
     */
    /**
     * The attendee a payload names, without verifying anything: only to recognise a scan sent
     * again under a scan id already taken for that attendee, which changes nothing either way.
     */
    public Optional<String> claimedAttendee(String payload) {
        try {
            return Optional.of(BadgeToken.parse(payload).claims().attendeeId());
        } catch (BadgeRejectedException malformed) {
            return Optional.empty();
        }
    }

    public String payloadFor(String attendeeId) {
        return current(attendeeId).payload();
    }

    Badge current(String attendeeId) {
        Attendee attendee = attendee(attendeeId);
        return sign(attendee, numbers.current(attendee.id()));
    }

    /** Revokes the attendee's current badge and answers its replacement. */
    Badge revoke(String attendeeId) {
        Attendee attendee = attendee(attendeeId);
        return sign(attendee, numbers.revoke(attendee.id(), attendee.editionId()));
    }

    /**
     * The attendee, refused with 404 {@code UNKNOWN_EDITION} when lead capture has not heard of its
     * edition (an attendee imported before imports checked the edition): no badge, and so no key,
     * for an edition that does not exist. A walk-in has no badge: their details are one exhibitor's only.
     */
    private Attendee attendee(String attendeeId) {
        Attendee attendee = attendees.requireRegistered(attendeeId);
        editions.requireStored(attendee.editionId());
        return attendee;
    }

    private Badge sign(Attendee attendee, long number) {
        SigningKey key = keys.signingKey(attendee.editionId());
        String payload = key.sign(new BadgeClaims(attendee.editionId(), attendee.id(), number));
        return new Badge(attendee.id(), attendee.editionId(), key.keyId(), number, payload);
    }
}
