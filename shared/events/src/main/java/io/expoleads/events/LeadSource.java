package io.expoleads.events;

/**
 * How a visitor was identified at the booth: their badge read ({@link #BADGE}), or, with no
 * readable badge, found by name in the edition's directory ({@link #LOOKUP}), or, with no
 * registration at all, typed in at the booth with their consent ({@link #WALK_IN}).
 */
public enum LeadSource {
    /** The badge's QR code was read (or its payload typed): the signed badge proves who the visitor is. */
    BADGE,
    /** Staff searched the edition's directory and picked the visitor: no badge vouches for them. */
    LOOKUP,
    /**
     * A visitor with no registration: staff typed their name, company, email and phone while the
     * visitor agreed on the phone to share them with this exhibitor only. Nothing vouches for who
     * they are, and no other exhibitor ever sees them.
     */
    WALK_IN
}
