package io.expoleads.exhibitor.exhibitor;

import io.expoleads.events.ExhibitorStatus;

/** A lifecycle step the exhibitor's current state does not allow. */
public class IllegalTransitionException extends RuntimeException {

    private final ExhibitorStatus from;
    private final String action;

    public IllegalTransitionException(ExhibitorStatus from, String action) {
        super("An exhibitor in state " + from + " cannot be " + action);
        this.from = from;
        this.action = action;
    }

    /** The state the exhibitor is in. */
    public ExhibitorStatus from() {
        return from;
    }

    /** The step refused, as the lifecycle names it ({@code submitted}, {@code approved}...). */
    public String action() {
        return action;
    }
}
