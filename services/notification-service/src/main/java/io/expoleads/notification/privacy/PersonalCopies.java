package io.expoleads.notification.privacy;

import java.util.Collection;
import java.util.Set;

/**
 * A collection of this service holding copies of visitors' leads, which an erasure must reach: each
 * keeper forgets its own copies, so a new keeper cannot be missed by the erasure.
 */
public interface PersonalCopies {

    /** What the copies are, as counted in an erasure's record ({@code leads}, {@code waitingAlerts}). */
    String name();

    /** The leads of the visitor this keeper knows of. */
    Set<String> leadIds(String attendeeId);

    /**
     * Removes every copy of the visitor's data, by the visitor and by these leads; idempotent.
     *
     * @return how many copies were removed
     */
    int forget(String attendeeId, Collection<String> leadIds);
}
