package io.expoleads.lead.badge;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToLongFunction;

import com.github.benmanes.caffeine.cache.Cache;
import com.nimbusds.jose.util.Base64URL;
import io.expoleads.lead.badge.BadgeRejectedException.Reason;

/**
 * The checks a badge payload passes, in this order: its shape, its key (one of the claimed
 * edition's), its signature, the edition expected, and its number (not revoked). A payload whose
 * signature passed is remembered by its SHA-256 digest, so the same badge scanned at another booth
 * skips the Ed25519 check; every other check runs on every scan.
 */
final class BadgeVerifier {

    private final Function<String, Optional<VerificationKey>> keys;
    private final ToLongFunction<String> currentNumbers;
    private final Cache<PayloadDigest, Base64URL> signedPayloads;

    /**
     * @param keys           a key by its id, empty when unknown
     * @param currentNumbers the number of an attendee's current badge
     * @param signedPayloads payloads whose signature passed, by digest, with the public key that
     *                       checked it; only ever holds genuine signatures
     */
    BadgeVerifier(Function<String, Optional<VerificationKey>> keys, ToLongFunction<String> currentNumbers,
                  Cache<PayloadDigest, Base64URL> signedPayloads) {
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
        PayloadDigest digest = PayloadDigest.of(payload.strip());
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

    /** A payload's SHA-256 digest, as four longs: the cache's key, never the payload itself. */
    record PayloadDigest(long first, long second, long third, long fourth) {

        static PayloadDigest of(String payload) {
            try {
                ByteBuffer digest = ByteBuffer.wrap(MessageDigest.getInstance("SHA-256")
                        .digest(payload.getBytes(StandardCharsets.UTF_8)));
                return new PayloadDigest(digest.getLong(), digest.getLong(), digest.getLong(), digest.getLong());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java runtime has SHA-256", e);
            }
        }
    }
}
