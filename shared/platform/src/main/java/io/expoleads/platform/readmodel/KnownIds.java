package io.expoleads.platform.readmodel;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import io.expoleads.platform.web.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The ids of another service's aggregates (an edition, an exhibitor) that a request names, checked
 * against the read model this service keeps of them: an id that aggregate's service never makes is
 * refused with 400, one this service has not heard of with 404 and a {@code reason}, so nothing is
 * stored for it. An aggregate created a moment ago may still be on its way over Kafka: it is
 * waited for a bounded time, re-reading the read model (another instance may be the one that applies
 * its event), never taken on trust.
 *
 * @param <T> what the read model knows of the aggregate
 */
public final class KnownIds<T> {

    /** The reason of a 400 for an id that is no id at all. */
    public static final String MALFORMED_ID = "MALFORMED_ID";

    private final String what;
    private final String field;
    private final String reason;
    private final Function<String, Optional<T>> readModel;
    private final Duration arrivalWait;

    /**
     * @param what        the aggregate, as problem titles name it ({@code Edition})
     * @param field       the id's name in paths and bodies ({@code editionId})
     * @param reason      the reason of the 404 ({@code UNKNOWN_EDITION})
     * @param readModel   looks an id up in this service's read model
     * @param arrivalWait how long an id not yet heard of is waited for
     */
    public KnownIds(String what, String field, String reason, Function<String, Optional<T>> readModel, Duration arrivalWait) {
        this.what = what;
        this.field = field;
        this.reason = reason;
        this.readModel = readModel;
        this.arrivalWait = arrivalWait;
    }

    /**
     * Refuses an id that is not a UUID as the owning services write them (lower case, 36
     * characters): 400 with the reason {@link #MALFORMED_ID}.
     */
    public static String requireWellFormed(String field, String id) {
        if (!wellFormed(id)) {
            throw ApiException.invalidField(field, "is not an id this API gives: ids are UUIDs such as 3f0c2a8e-5b1d-4c7e-9a40-2d6b8e1f7c55")
                    .withProperty("reason", MALFORMED_ID);
        }
        return id;
    }

    static boolean wellFormed(String id) {
        if (id == null || id.length() != 36) {
            return false;
        }
        try {
            return UUID.fromString(id).toString().equals(id);
        } catch (IllegalArgumentException notUuid) {
            return false;
        }
    }

    /** What the read model knows of the aggregate, after the bounded wait for one not heard of yet. */
    public T require(String id) {
        return require(id, arrivalWait);
    }

    /**
     * The same, without waiting: for callers that need not be signed in, who must not hold a
     * request thread for seconds at will.
     */
    public T requireNow(String id) {
        return require(id, Duration.ZERO);
    }

    private T require(String id, Duration wait) {
        requireWellFormed(field, id);
        long deadline = System.nanoTime() + wait.toNanos();
        // First re-reads come quickly (the event is usually milliseconds behind), later ones spaced out.
        ExponentialBackOff spacing = new ExponentialBackOff(25, 2.0);
        spacing.setMaxInterval(400);
        BackOffExecution next = spacing.start();
        while (true) {
            Optional<T> known = readModel.apply(id);
            if (known.isPresent()) {
                return known.get();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw unknown(id);
            }
            try {
                Thread.sleep(Math.min(next.nextBackOff(), Math.max(1, left / 1_000_000)));
            } catch (InterruptedException stopping) {
                Thread.currentThread().interrupt();
                throw unknown(id);
            }
        }
    }

    /** The 404 for an aggregate this service has not heard of, with its reason. */
    public ApiException unknown(String id) {
        return new ApiException(HttpStatus.NOT_FOUND, what + " not found", "No " + what.toLowerCase() + " with id " + id
                + " is known here; one created a moment ago may take a few seconds to arrive")
                .withProperty("reason", reason);
    }
}
