package io.expoleads.events;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Checks and id derivations shared by the contract records. */
public final class Contract {

    private Contract() {
    }

    static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }

    /**
     * A name-based (version 3) UUID: the same parts always give the same id, so an event
     * re-emitted after a crash carries the id its consumers already saw.
     */
    public static UUID deterministicId(String... parts) {
        return UUID.nameUUIDFromBytes(String.join("\u0000", parts).getBytes(StandardCharsets.UTF_8));
    }
}
