package io.expoleads.exhibitor.exhibitor;

import java.time.Instant;

/**
 * Someone who scans at the exhibitor's booth. Active staff take a seat; a revoked member keeps
 * their record (their scans name them) but no longer a seat.
 */
public record StaffMember(String staffId, String email, String name, Status status, Instant since, Instant revokedAt) {

    public enum Status { ACTIVE, REVOKED }

    public boolean active() {
        return status == Status.ACTIVE;
    }

    StaffMember revoked(Instant at) {
        return new StaffMember(staffId, email, name, Status.REVOKED, since, at);
    }
}
