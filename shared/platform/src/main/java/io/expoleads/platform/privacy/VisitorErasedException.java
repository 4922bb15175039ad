package io.expoleads.platform.privacy;

/**
 * A visitor's key was destroyed by their erasure: nothing may be sealed for them again, and no new
 * key is issued in its place.
 */
public class VisitorErasedException extends IllegalStateException {

    public VisitorErasedException(String attendeeId) {
        super("visitor " + attendeeId + " was erased: their data key is destroyed");
    }
}
