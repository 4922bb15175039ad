package io.expoleads.platform.kafka;

import io.expoleads.events.EventEnvelope;
import io.expoleads.events.Topics;
import org.apache.kafka.common.header.Headers;
import org.springframework.kafka.support.serializer.JacksonJsonTypeResolver;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.type.TypeFactory;

/** Reads each contract topic as an {@link EventEnvelope} of that topic's payload type. */
final class EnvelopeTypeResolver implements JacksonJsonTypeResolver {

    private final TypeFactory types;

    EnvelopeTypeResolver(TypeFactory types) {
        this.types = types;
    }

    @Override
    public JavaType resolveType(String topic, byte[] data, Headers headers) {
        return types.constructParametricType(EventEnvelope.class, Topics.payloadType(topic));
    }
}
