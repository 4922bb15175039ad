package io.expoleads.lead.badge;

import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToLongFunction;

import io.expoleads.lead.badge.BadgeRejectedException.Reason;

/**
 * The checks a badge payload passes, in this order: its shape, its key (one of the claimed
 * edition's), its signature, the edition expected, and its number (not revoked).
 */
final class BadgeVerifier {

    private final Function<String, Optional<VerificationKey>> keys;
    private final ToLongFunction<String> currentNumbers;

    /**
     * @param keys           a key by its id, empty when unknown
     * @param currentNumbers the number of an attendee's current badge
     */
    BadgeVerifier(Function<String, Optional<VerificationKey>> keys, ToLongFunction<String> currentNumbers) {
        this.keys = keys;
        this.currentNumbers = currentNumbers;
    }

    VerifiedBadge verify(String payload, String expectedEditionId) {
        BadgeToken.Unverified token = BadgeToken.parse(payload);
        BadgeClaims claims = token.claims();
        VerificationKey key = keys.apply(token.keyId())
                .filter(known -> known.editionId().equals(claims.editionId()))
                .orElseThrow(() -> new BadgeRejectedException(Reason.UNKNOWN_KEY,
                        "The badge is signed with a key that is not one of its edition's badge keys"));
        if (!token.signedBy(key.verifier())) {
            throw new BadgeRejectedException(Reason.BAD_SIGNATURE,
                    "The badge's signature does not match its content: it was altered or forged");
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
