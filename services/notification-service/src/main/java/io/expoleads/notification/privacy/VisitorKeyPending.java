package io.expoleads.notification.privacy;

import org.springframework.dao.TransientDataAccessResourceException;

/**
 * A recent lead event whose visitor's key has not reached this service yet (it is published at
 * registration, so normally long before any scan). A transient state of the data this service reads,
 * which retrying resolves without anyone's help: the platform's error handler retries such a failure
 * with back-off and never dead-letters it, and the wait is bounded all the same, since once the event
 * is older than {@code expo.privacy.key-wait} it is treated as erased ({@link SealedLeads}).
 */
public class VisitorKeyPending extends TransientDataAccessResourceException {

    public VisitorKeyPending(String leadId, String attendeeId) {
        super("the key of visitor " + attendeeId + " (lead " + leadId + ") has not arrived yet");
    }
}
