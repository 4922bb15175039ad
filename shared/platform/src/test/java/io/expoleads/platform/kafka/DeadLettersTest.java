package io.expoleads.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;

class DeadLettersTest {

    private static final DeserializationException UNREADABLE = new DeserializationException("failed to deserialize",
            "{\"eventId\": \"not json".getBytes(StandardCharsets.UTF_8), false, new IllegalStateException("Unexpected end-of-input"));

    @Test
    void a_record_whose_bytes_are_no_envelope_is_unreadable_however_the_listener_reports_it() {
        assertThat(DeadLetters.unreadable(new ListenerExecutionFailedException("record listener", UNREADABLE))).isTrue();
        assertThat(DeadLetters.unreadable(new BatchListenerFailedException("batch listener", UNREADABLE, 3))).isTrue();
        assertThat(DeadLetters.unreadable(new ListenerExecutionFailedException("listener",
                new RejectedEventException("no such attendee")))).as("read, but not processed").isFalse();
        assertThat(DeadLetters.reason(new ListenerExecutionFailedException("record listener", UNREADABLE)))
                .isEqualTo("Unexpected end-of-input");
    }

    @Test
    void a_failure_is_the_failing_groups_own_unless_every_group_of_the_service_fails_it_alike() {
        DeadLetters withoutListeners = new DeadLetters(new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.of())),
                new DefaultListableBeanFactory().getBeanProvider(KafkaListenerEndpointRegistry.class));
        assertThat(withoutListeners.failedBy("expo.leads.v1", "svc-alerts", new RejectedEventException("no routing")))
                .containsExactly("svc-alerts");
        assertThat(withoutListeners.failedBy("expo.leads.v1", "svc-alerts", new ListenerExecutionFailedException("x", UNREADABLE)))
                .as("no listener groups known: the group reports for itself").containsExactly("svc-alerts");
    }
}
