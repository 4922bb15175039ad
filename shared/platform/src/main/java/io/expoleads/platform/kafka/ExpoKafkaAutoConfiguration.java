package io.expoleads.platform.kafka;

import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.kafka.support.serializer.JacksonJsonDeserializer;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Kafka conventions every service follows, declared once: idempotent producers with
 * {@code acks=all}; consumers that read contract envelopes through an
 * {@link ErrorHandlingDeserializer}, each listener in a group named
 * {@code ${expo.kafka.consumer-group}-<what it builds>}; one error handler that retries with back-off and then
 * parks the record in its {@code .DLT} with the reason and the failing groups in its headers, once
 * per source record ({@link DeadLetters}).
 */
@AutoConfiguration(before = KafkaAutoConfiguration.class)
@EnableConfigurationProperties(ExpoKafkaProperties.class)
public class ExpoKafkaAutoConfiguration {

    /** The header of a dead letter that says, in one line, why the record could not be processed. */
    public static final String DEAD_LETTER_REASON = "expo_dlt-reason";

    @Bean
    DefaultKafkaProducerFactoryCustomizer expoProducerConventions(JsonMapper jsonMapper) {
        return factory -> {
            factory.updateConfigs(Map.of(
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5,
                    // A send waits at most this long for metadata or buffer space, not the default minute.
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000));
            useSerializers(factory, valueSerializer(jsonMapper));
        };
    }

    @SuppressWarnings("unchecked")
    private static <K, V> void useSerializers(DefaultKafkaProducerFactory<K, V> factory, Serializer<Object> values) {
        factory.setKeySerializer((Serializer<K>) (Serializer<?>) new StringSerializer());
        factory.setValueSerializer((Serializer<V>) (Serializer<?>) values);
    }

    @SuppressWarnings("unchecked")
    private static <K, V> void useDeserializers(DefaultKafkaConsumerFactory<K, V> factory, Deserializer<Object> values) {
        factory.setKeyDeserializer((Deserializer<K>) (Deserializer<?>) new ErrorHandlingDeserializer<>(new StringDeserializer()));
        factory.setValueDeserializer((Deserializer<V>) (Deserializer<?>) values);
    }

    /** Bytes pass through untouched (outbox entries, dead letters); anything else becomes JSON. */
    static Serializer<Object> valueSerializer(JsonMapper jsonMapper) {
        Map<Class<?>, Serializer<?>> byType = new LinkedHashMap<>();
        byType.put(byte[].class, new ByteArraySerializer());
        byType.put(Object.class, new JacksonJsonSerializer<>(jsonMapper).noTypeInfo());
        return new DelegatingByTypeSerializer(byType, true);
    }

    @Bean
    DefaultKafkaConsumerFactoryCustomizer expoConsumerConventions(JsonMapper jsonMapper, ExpoKafkaProperties properties) {
        return factory -> {
            factory.updateConfigs(Map.of(
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) properties.sessionTimeout().toMillis(),
                    ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) properties.sessionTimeout().toMillis() / 3));
            useDeserializers(factory, new ErrorHandlingDeserializer<>(envelopeDeserializer(jsonMapper)));
        };
    }

    /**
     * How every consumer reads a contract topic's value: the envelope of that topic's payload type
     * (the golden samples of docs/samples/events are read through it, GoldenSamplesTest).
     */
    static JacksonJsonDeserializer<Object> envelopeDeserializer(JsonMapper jsonMapper) {
        // Tolerant reader: a newer producer's extra fields are ignored, not fatal.
        JsonMapper tolerant = jsonMapper.rebuild().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        return new JacksonJsonDeserializer<>(tolerant)
                .ignoreTypeHeaders()
                .typeResolver(new EnvelopeTypeResolver(tolerant.getTypeFactory()));
    }

    @Bean
    CommonErrorHandler expoErrorHandler(KafkaTemplate<Object, Object> template, ExpoKafkaProperties properties,
                                        ObjectProvider<KafkaListenerEndpointRegistry> listeners,
                                        ObjectProvider<MeterRegistry> meters) {
        ConsumerRecordRecoverer recoverer = new DeadLetters(template, listeners, meters).recoverer();
        StoreAwareBackOff backOff = new StoreAwareBackOff(properties.retryInterval(), properties.retryAttempts());
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
        handler.setRetryListeners(backOff);
        handler.addNotRetryableExceptions(RejectedEventException.class, IllegalArgumentException.class);
        return handler;
    }

    @Bean
    TopicDeclarations topicDeclarations(ExpoKafkaProperties properties, ObjectProvider<KafkaAdmin> admin) {
        return new TopicDeclarations(properties, () -> admin.getObject().getConfigurationProperties());
    }
}
