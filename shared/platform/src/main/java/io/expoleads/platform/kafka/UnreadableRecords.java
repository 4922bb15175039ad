package io.expoleads.platform.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;

/**
 * Why a record reached a batch listener without a value: the ErrorHandlingDeserializer keeps its
 * failure in the record's headers. Given as the cause of a {@code BatchListenerFailedException},
 * it sends the record to its dead-letter topic at once (retrying cannot read it either).
 */
public final class UnreadableRecords {

    private static final LogAccessor log = new LogAccessor(UnreadableRecords.class);

    private UnreadableRecords() {
    }

    public static RuntimeException cause(ConsumerRecord<?, ?> record, String what) {
        DeserializationException failure = SerializationUtils.getExceptionFromHeader(record,
                SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, log);
        return failure != null ? failure : new RejectedEventException("a record without a value is not " + what);
    }
}
