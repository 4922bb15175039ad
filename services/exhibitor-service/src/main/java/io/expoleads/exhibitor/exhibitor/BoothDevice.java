package io.expoleads.exhibitor.exhibitor;

import java.time.Instant;

/**
 * A phone or scanner shared by the booth, signed in as the exhibitor rather than as a person.
 * PENDING until set up with its single-use code, ACTIVE until revoked.
 */
public record BoothDevice(String deviceId, String name, Status status, Instant createdAt, Instant activatedAt, Instant revokedAt) {

    public enum Status { PENDING, ACTIVE, REVOKED }

    BoothDevice activated(Instant at) {
        return new BoothDevice(deviceId, name, Status.ACTIVE, createdAt, at, null);
    }

    BoothDevice revoked(Instant at) {
        return new BoothDevice(deviceId, name, Status.REVOKED, createdAt, activatedAt, at);
    }
}
