package io.expoleads.platform.kafka;

import java.time.Duration;

import io.expoleads.platform.web.StoreUnavailable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

/**
 * How long a failing record waits before its next try, decided at every try by what failed that
 * time. While the service's own store is unreachable no record can be processed and none is at
 * fault: such tries do not count, and the record is tried again (the wait doubling up to
 * {@link #STORE_RETRY_CAP}) until the store answers, never dead-lettered. Any other failure counts
 * toward the bounded retries ({@code expo.kafka.retry-attempts}, the wait doubling from
 * {@code expo.kafka.retry-interval}) before the record goes to its DLT.
 *
 * <p>Why not Spring's back-off function: the error handler picks a record's back-off at the
 * record's first failure and keeps it as long as the failure keeps its class, and every failure of
 * a batch listener is a {@code BatchListenerFailedException}. A record first met while the store was
 * away kept the endless back-off once the store was back and it failed for a reason of its own:
 * tried every 5 s for ever, holding back every record after it in the poll (lead-service's
 * StoreOutageIT saw capture stop that way). The error handler tells its retry listeners of each
 * failure, on the consumer's thread, just before it asks the back-off for the next wait: this class
 * is both, and keeps what failed last per consumer thread.
 */
final class StoreAwareBackOff implements BackOff, RetryListener {

    /**
     * The longest wait between two tries while the store is away: how late consumers may resume
     * once it is back. A try costs little more than the driver's server selection timeout (3 s), so
     * trying every few seconds through a long outage is cheap; 30 s left a consumer idle for up to
     * half a minute after the store came back.
     */
    static final Duration STORE_RETRY_CAP = Duration.ofSeconds(5);

    private final long firstWait;
    private final int attempts;
    private final ThreadLocal<Boolean> storeAway = ThreadLocal.withInitial(() -> false);

    StoreAwareBackOff(Duration firstWait, int attempts) {
        this.firstWait = firstWait.toMillis();
        this.attempts = attempts;
    }

    @Override
    public void failedDelivery(ConsumerRecord<?, ?> record, Exception failure, int deliveryAttempt) {
        storeAway.set(storeAway(failure));
    }

    @Override
    public void failedDelivery(ConsumerRecords<?, ?> records, Exception failure, int deliveryAttempt) {
        storeAway.set(storeAway(failure));
    }

    @Override
    public BackOffExecution start() {
        return new BackOffExecution() {
            private int counted;
            private long storeWait;

            @Override
            public long nextBackOff() {
                if (storeAway.get()) {
                    storeWait = storeWait == 0 ? firstWait : Math.min(storeWait * 2, STORE_RETRY_CAP.toMillis());
                    return storeWait;
                }
                // The next outage waits short again at first.
                storeWait = 0;
                counted++;
                return counted > attempts ? STOP : firstWait << Math.min(counted - 1, 20);
            }
        };
    }

    /** Whether the failure is the store being unreachable or timing out, not the record: what the APIs answer 503 for. */
    static boolean storeAway(Throwable failure) {
        if (StoreUnavailable.causedBy(failure)) {
            return true;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof TransientDataAccessException) {
                return true;
            }
        }
        return false;
    }
}
