package io.expoleads.lead.badge;

import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToLongFunction;

import com.github.benmanes.caffeine.cache.Cache;
import com.nimbusds.jose.util.Base64URL;
import io.expoleads.lead.badge.BadgeRejectedException.Reason;
import io.expoleads.platform.security.Sha256Key;

/**
 * The checks a badge payload passes, in this order: its shape, its key (one of the claimed
 * edition's), its signature, the edition expected, and its number (not revoked). A payload whose
 * signature passed is remembered by its SHA-256 digest, so the same badge scanned at another booth
 * skips the Ed25519 check; every other check runs on every scan.
 */
final class BadgeVerifier {

    private final Function<String, Optional<VerificationKey>> keys;
    private final ToLongFunction<String> currentNumbers;
    private final Cache<Sha256Key, Base64URL> signedPayloads;

    /**
     * @param keys           a key by its id, empty when unknown
     * @param currentNumbers the number of an attendee's current badge
     * @param signedPayloads payloads whose signature passed, by digest, with the public key that
     *                       checked it; only ever holds genuine signatures
     */
    BadgeVerifier(Function<String, Optional<VerificationKey>> keys, ToLongFunction<String> currentNumbers,
                  Cache<Sha256Key, Base64URL> signedPayloads) {
        this.keys = keys;
        this.currentNumbers = currentNumbers;
        this.signedPayloads = signedPayloads;
    }

    VerifiedBadge verify(String payload, String expectedEditionId) {
        BadgeToken.Unverified token = BadgeToken.parse(payload);
        BadgeClaims claims = token.claims();
        VerificationKey key = keys.apply(token.keyId())
                .filter(known -> known.editionId().equals(claims.editionId()))
                .orElseThrow(() -> new BadgeRejectedException(Reason.UNKNOWN_KEY,
                        "The badge is signed with a key that is not one of its edition's badge keys"));
        // The digest covers the whole payload, header and claims and signature: any change is another entry.
        Sha256Key digest = Sha256Key.of(payload.strip());
        Base64URL checkedWith = signedPayloads.getIfPresent(digest);
        if (checkedWith == null || !checkedWith.equals(key.jwk().getX())) {
            if (!token.signedBy(key.verifier())) {
                throw new BadgeRejectedException(Reason.BAD_SIGNATURE,
                        "The badge's signature does not match its content: it was altered or forged");
            }
            signedPayloads.put(digest, key.jwk().getX());
        }
        if (!claims.editionId().equals(expectedEditionId)) {
            throw new BadgeRejectedException(Reason.WRONG_EDITION,
                    "The badge is for edition " + claims.editionId() + ", not " + expectedEditionId);
        }
        long current = currentNumbers.applyAsLong(claims.attendeeId());
        if (claims.badgeNumber() < current) {
            throw new BadgeRejectedException(Reason.REVOKED, "Badge number " + claims.badgeNumber()
                    + " of this attendee was revoked; the attendee's current badge is number " + current);
        }
        return new VerifiedBadge(claims.editionId(), claims.attendeeId(), key.keyId(), claims.badgeNumber());
    }
}
