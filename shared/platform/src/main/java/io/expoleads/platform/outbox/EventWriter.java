package io.expoleads.platform.outbox;

import java.time.Clock;

import io.expoleads.events.EventEnvelope;
import tools.jackson.databind.json.JsonMapper;

/** Turns envelopes into outbox entries, in the JSON every consumer of the contract reads. */
public final class EventWriter {

    private final JsonMapper jsonMapper;
    private final Clock clock;

    public EventWriter(JsonMapper jsonMapper, Clock clock) {
        this.jsonMapper = jsonMapper;
        this.clock = clock;
    }

    public OutboxEntry entry(String topic, String key, EventEnvelope<?> event) {
        return new OutboxEntry(event.eventId().toString(), topic, key, jsonMapper.writeValueAsString(event), clock.instant());
    }

    /**
     * A tombstone (a null value) for {@code key} on a compacted topic: compaction then drops every
     * earlier record of the key, and consumers see it as a deletion.
     *
     * @param eventId the entry's id in the outbox, deterministic so a retried erasure appends no second one
     */
    public OutboxEntry tombstone(String eventId, String topic, String key) {
        return new OutboxEntry(eventId, topic, key, null, clock.instant());
    }
}
