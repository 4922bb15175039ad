package io.expoleads.events;

/** Where an exhibitor stands in its onboarding lifecycle. */
public enum ExhibitorStatus {
    DRAFT, SUBMITTED, APPROVED, REJECTED, WITHDRAWN
}
