package io.expoleads.notification.privacy;

import java.time.Clock;

import io.expoleads.events.EventEnvelope;
import io.expoleads.events.Topics;
import io.expoleads.events.VisitorKey;
import io.expoleads.platform.kafka.UnreadableRecords;
import io.expoleads.platform.privacy.VisitorKeys;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.stereotype.Component;

/**
 * Keeps the visitors' keys from {@code expo.visitor-keys.v1}, wrapped as they travel (this service
 * unwraps one only to open a lead). A tombstone is the visitor's erasure: the key is forgotten and
 * a pseudonymous marker kept ({@link ErasedVisitors}), so an erased visitor's old key record, read
 * again before compaction removed it, is not kept again.
 */
@Component
class VisitorKeyListener {

    /** The listener container that keeps the keys, for operations that pause or replay it. */
    static final String LISTENER_ID = "visitor-keys";

    private final VisitorKeys keys;
    private final ErasedVisitors erased;
    private final Clock clock;

    VisitorKeyListener(VisitorKeys keys, ErasedVisitors erased, Clock clock) {
        this.clock = clock;
        this.keys = keys;
        this.erased = erased;
    }

    @KafkaListener(id = LISTENER_ID, topics = Topics.VISITOR_KEYS, groupId = "${expo.kafka.consumer-group:${spring.application.name}}-visitor-keys")
    void on(ConsumerRecord<String, EventEnvelope<VisitorKey>> record) {
        if (record.value() == null) {
            if (record.headers().lastHeader(SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER) != null || record.key() == null) {
                throw UnreadableRecords.cause(record, "a visitor key");
            }
            erased.erased(record.key(), clock.instant());
            return;
        }
        VisitorKey key = record.value().payload();
        if (!erased.isErased(key.attendeeId())) {
            keys.keep(key);
        }
    }
}
