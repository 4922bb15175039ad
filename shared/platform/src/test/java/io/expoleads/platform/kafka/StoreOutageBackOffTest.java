package io.expoleads.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.mongodb.MongoSocketReadException;
import com.mongodb.ServerAddress;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.util.backoff.BackOffExecution;

class StoreOutageBackOffTest {

    @Test
    void the_store_being_away_is_told_from_a_record_at_fault() {
        assertThat(StoreAwareBackOff.storeAway(
                new BatchListenerFailedException("poll", new DataAccessResourceFailureException("Timed out after 30000 ms"), 0)))
                .as("wrapped, as a batch listener reports it").isTrue();
        assertThat(StoreAwareBackOff.storeAway(new QueryTimeoutException("slow"))).isTrue();
        assertThat(StoreAwareBackOff.storeAway(new IllegalStateException("reading a cursor",
                new MongoSocketReadException("Prematurely reached end of stream", new ServerAddress()))))
                .as("the driver's own exception, untranslated").isTrue();
        assertThat(StoreAwareBackOff.storeAway(new DuplicateKeyException("E11000"))).isFalse();
        assertThat(StoreAwareBackOff.storeAway(new RejectedEventException("unknown attendee"))).isFalse();
        assertThat(StoreAwareBackOff.storeAway(new IllegalStateException("bug"))).isFalse();
    }

    @Test
    void while_the_store_is_away_a_record_waits_without_end_and_other_failures_count_toward_the_bounded_retries() {
        StoreAwareBackOff backOff = new StoreAwareBackOff(Duration.ofMillis(500), 4);
        BackOffExecution waiting = backOff.start();
        backOff.failedDelivery(record(0), new DataAccessResourceFailureException("away"), 1);
        long longest = 0;
        for (int attempt = 0; attempt < 1_000; attempt++) {
            long next = waiting.nextBackOff();
            assertThat(next).as("attempt %d", attempt).isNotEqualTo(BackOffExecution.STOP);
            longest = Math.max(longest, next);
        }
        assertThat(longest).isEqualTo(StoreAwareBackOff.STORE_RETRY_CAP.toMillis());

        backOff.failedDelivery(record(0), new IllegalStateException("the record's own fault"), 1_001);
        assertThat(List.of(waiting.nextBackOff(), waiting.nextBackOff(), waiting.nextBackOff(), waiting.nextBackOff(),
                waiting.nextBackOff())).as("the store's tries did not count").containsExactly(500L, 1_000L, 2_000L, 4_000L,
                BackOffExecution.STOP);
    }

    /**
     * The error handler as the services configure it, told of a batch listener's failures: a record first
     * met while the store is away, failing for a reason of its own once the store is back, reaches its DLT
     * after the bounded retries instead of holding its partition for ever.
     */
    @Test
    void a_record_first_met_while_the_store_was_away_is_dead_lettered_once_it_fails_for_a_reason_of_its_own() {
        StoreAwareBackOff backOff = new StoreAwareBackOff(Duration.ofMillis(1), 2);
        List<ConsumerRecord<?, ?>> deadLettered = new ArrayList<>();
        DefaultErrorHandler handler = new DefaultErrorHandler((record, failure) -> deadLettered.add(record), backOff);
        handler.setRetryListeners(backOff);
        TopicPartition partition = new TopicPartition("expo.scans.v1", 0);
        MockConsumer<String, String> consumer = new MockConsumer<>("earliest");
        consumer.assign(List.of(partition));
        MessageListenerContainer container = mock(MessageListenerContainer.class);
        when(container.getContainerProperties()).thenReturn(new ContainerProperties("expo.scans.v1"));
        when(container.isRunning()).thenReturn(true);
        ConsumerRecord<String, String> stuck = new ConsumerRecord<>("expo.scans.v1", 0, 7, "k", "scan");
        ConsumerRecords<String, String> poll = new ConsumerRecords<>(Map.of(partition, List.of(stuck,
                new ConsumerRecord<>("expo.scans.v1", 0, 8, "k", "next scan"))), Map.of());

        for (int outage = 0; outage < 10; outage++) {
            fail(handler, poll, consumer, container, new DataAccessResourceFailureException("store away"));
        }
        assertThat(deadLettered).as("nothing dead-lettered while the store is away").isEmpty();
        fail(handler, poll, consumer, container, new IllegalStateException("the record's own fault"));
        fail(handler, poll, consumer, container, new IllegalStateException("the record's own fault"));
        assertThat(deadLettered).as("within the bounded retries").isEmpty();
        fail(handler, poll, consumer, container, new IllegalStateException("the record's own fault"));
        assertThat(deadLettered).containsExactly(stuck);
    }

    private static void fail(DefaultErrorHandler handler, ConsumerRecords<String, String> poll, MockConsumer<String, String> consumer,
                             MessageListenerContainer container, RuntimeException cause) {
        Exception thrown = new ListenerExecutionFailedException("listener failed", new BatchListenerFailedException("at 0", cause, 0));
        try {
            handler.handleBatch(thrown, poll, consumer, container, () -> { });
        } catch (RuntimeException seekToCurrent) {
            // the record is tried again
        }
    }

    private static ConsumerRecord<String, String> record(long offset) {
        return new ConsumerRecord<>("expo.scans.v1", 0, offset, "k", "v");
    }
}
