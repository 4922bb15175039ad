package io.expoleads.platform.outbox;

import io.expoleads.events.EventEnvelope;
import tools.jackson.databind.json.JsonMapper;

/** Turns envelopes into outbox entries, in the JSON every consumer of the contract reads. */
public final class EventWriter {

    private final JsonMapper jsonMapper;

    public EventWriter(JsonMapper jsonMapper) {
        this.jsonMapper = jsonMapper;
    }

    public OutboxEntry entry(String topic, String key, EventEnvelope<?> event) {
        return new OutboxEntry(event.eventId().toString(), topic, key, jsonMapper.writeValueAsString(event));
    }
}
