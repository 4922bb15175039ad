package io.expoleads.events;

/**
 * How a visitor was identified at the booth: their badge read ({@link #BADGE}), or, with no
 * readable badge, found by name in the edition's directory ({@link #LOOKUP}).
 */
public enum LeadSource {
    /** The badge's QR code was read (or its payload typed): the signed badge proves who the visitor is. */
    BADGE,
    /** Staff searched the edition's directory and picked the visitor: no badge vouches for them. */
    LOOKUP
}
