package io.expoleads.platform.outbox;

import java.time.Instant;

import io.expoleads.platform.tracing.TraceParent;

/**
 * An event waiting inside its aggregate's document to be relayed to Kafka. Written in the same
 * single-document update as the change it describes, so neither exists without the other.
 *
 * @param json the serialized {@link io.expoleads.events.EventEnvelope}, sent as it is; null for a
 *             tombstone (a record with a null value, on a compacted topic)
 * @param writtenAt when the entry was made, for the age of the oldest waiting event
 *                  ({@code expo.outbox.oldest.age}); null in entries written before it existed
 * @param traceparent the trace of the work that wrote it (W3C {@code traceparent}), resumed when the
 *                    relay publishes it, so the send joins that trace; null outside a trace
 */
public record OutboxEntry(String eventId, String topic, String key, String json, Instant writtenAt, String traceparent) {

    /** An entry written at {@code writtenAt}, in the current trace. */
    public OutboxEntry(String eventId, String topic, String key, String json, Instant writtenAt) {
        this(eventId, topic, key, json, writtenAt, TraceParent.current());
    }
}
