package io.expoleads.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.util.backoff.BackOffExecution;

class StoreOutageBackOffTest {

    @Test
    void a_store_that_is_away_is_waited_for_and_anything_else_keeps_the_bounded_retries() {
        assertThat(ExpoKafkaAutoConfiguration.infrastructureFailure(
                new BatchListenerFailedException("poll", new DataAccessResourceFailureException("Timed out after 30000 ms"), 0)))
                .as("wrapped, as a batch listener reports it").isTrue();
        assertThat(ExpoKafkaAutoConfiguration.infrastructureFailure(new QueryTimeoutException("slow"))).isTrue();
        assertThat(ExpoKafkaAutoConfiguration.infrastructureFailure(new DuplicateKeyException("E11000"))).isFalse();
        assertThat(ExpoKafkaAutoConfiguration.infrastructureFailure(new RejectedEventException("unknown attendee"))).isFalse();
        assertThat(ExpoKafkaAutoConfiguration.infrastructureFailure(new IllegalStateException("bug"))).isFalse();

        ExpoKafkaProperties properties = new ExpoKafkaProperties(Map.of(), true, 4, Duration.ofMillis(500));
        BackOffExecution waiting = ExpoKafkaAutoConfiguration.untilRecovered(properties).start();
        long longest = 0;
        for (int attempt = 0; attempt < 1_000; attempt++) {
            long next = waiting.nextBackOff();
            assertThat(next).as("attempt %d", attempt).isNotEqualTo(BackOffExecution.STOP);
            longest = Math.max(longest, next);
        }
        assertThat(longest).isEqualTo(5_000);
    }
}
