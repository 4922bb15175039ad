package io.expoleads.lead.scan;

import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

import io.expoleads.platform.web.ApiException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * How many offline queues this instance works on at once ({@link OfflineQueueProperties#atOnce()}).
 *
 * <p>A single scan has someone waiting at the booth; an offline queue is a phone catching up, which
 * keeps its scans and sends them again every few seconds until they are taken. Both cost the same
 * per scan (the badge's signature, a claim, a Kafka record), so without a bound queues that arrive
 * faster than they are taken pile up: in the benchmark's full run (session 18) six queues of 1,000
 * were under way at once at 100-400 single scans/s, 6,000 scans' requests and events held in
 * lead-service's heap (its live set 65 -> 130 MB, full collections every few seconds) and every
 * thread working on them sharing the two cores with the single scans. With the bound the queues
 * beyond it wait on the phones, not in this instance, and what the instance holds for them is
 * bounded whatever the phones send.
 *
 * <p>A queue refused here changed nothing: it is refused before any of its scans is checked or
 * claimed.
 */
@Component
class OfflineQueueGate {

    /** Seconds a refused queue's phone is asked to wait; its uploader tries again on its own schedule too. */
    static final int RETRY_AFTER_SECONDS = 5;

    private final Semaphore queues;
    private final int atOnce;

    OfflineQueueGate(OfflineQueueProperties properties) {
        this.atOnce = properties.atOnce();
        this.queues = new Semaphore(atOnce);
    }

    /** Takes the queue if fewer than the bound are under way, else refuses it: 503 {@code SERVICE_BUSY}. */
    <T> T take(Supplier<T> taking) {
        if (!queues.tryAcquire()) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "Temporarily unavailable",
                    "This instance is taking " + atOnce + " offline queues already; nothing of this one was taken. "
                            + "Send it again in " + RETRY_AFTER_SECONDS + " seconds.")
                    .withHeader(HttpHeaders.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS))
                    .withProperty("reason", "SERVICE_BUSY");
        }
        try {
            return taking.get();
        } finally {
            queues.release();
        }
    }

    /** Queues under way now. */
    int underWay() {
        return atOnce - queues.availablePermits();
    }
}
