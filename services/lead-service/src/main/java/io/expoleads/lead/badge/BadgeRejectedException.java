package io.expoleads.lead.badge;

/**
 * A badge payload refused by {@link Badges#verify}, with the reason; the message says it in words
 * a scanner may show.
 */
public class BadgeRejectedException extends RuntimeException {

    /** Why a badge is refused, in the order the checks run. */
    public enum Reason {
        /** Not a compact JWS of the badge format: garbage, too long, another algorithm, claims missing. */
        MALFORMED,
        /** Signed with a key id that is none of the claimed edition's badge keys. */
        UNKNOWN_KEY,
        /** The signature does not match: the badge was tampered with or forged. */
        BAD_SIGNATURE,
        /** A genuine badge of another edition. */
        WRONG_EDITION,
        /** A genuine badge that was revoked and reissued under a higher number. */
        REVOKED
    }

    private final Reason reason;

    public BadgeRejectedException(Reason reason, String message) {
        // An expected answer on the scan path, not a fault: no stack trace to fill.
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
