package io.expoleads.exhibitor.exhibitor;

import io.expoleads.events.ExhibitorStatus;

/** A lifecycle step the exhibitor's current state does not allow. */
public class IllegalTransitionException extends RuntimeException {

    public IllegalTransitionException(ExhibitorStatus from, String action) {
        super("An exhibitor in state " + from + " cannot be " + action);
    }
}
