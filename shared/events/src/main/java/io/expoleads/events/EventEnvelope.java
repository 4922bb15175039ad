package io.expoleads.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The one envelope every event on every {@code expo.*} topic travels in.
 *
 * @param eventId     unique id; deterministic where a redelivery must be recognised
 * @param type        past-tense name of the fact, e.g. {@code ExhibitorApproved}
 * @param version     schema version of the payload
 * @param occurredAt  when the fact happened
 * @param editionId   the fair edition the fact belongs to
 * @param aggregateId id of the aggregate the fact is about; also the record key's owner
 * @param payload     the fact itself
 */
public record EventEnvelope<P>(
        UUID eventId,
        String type,
        int version,
        Instant occurredAt,
        String editionId,
        String aggregateId,
        P payload) {

    public EventEnvelope {
        Objects.requireNonNull(eventId, "eventId is required");
        Contract.requireText(type, "type");
        if (version < 1) {
            throw new IllegalArgumentException("version must be 1 or more");
        }
        Objects.requireNonNull(occurredAt, "occurredAt is required");
        Contract.requireText(editionId, "editionId");
        Contract.requireText(aggregateId, "aggregateId");
        Objects.requireNonNull(payload, "payload is required");
    }

    public static <P> EventEnvelope<P> of(UUID eventId, String type, Instant occurredAt,
                                          String editionId, String aggregateId, P payload) {
        return new EventEnvelope<>(eventId, type, 1, occurredAt, editionId, aggregateId, payload);
    }
}
