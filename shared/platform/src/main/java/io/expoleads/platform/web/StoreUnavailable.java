package io.expoleads.platform.web;

import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoServerUnavailableException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.ProblemDetail;

/**
 * The service's own store unreachable or too slow to answer (stopped, restarting, electing a
 * primary): no fault of the request, which changed nothing and may be sent again. Answered 503 with
 * {@code Retry-After}, reason {@code STORE_UNAVAILABLE}, never 500.
 */
public final class StoreUnavailable {

    /** Seconds a client waits before trying again: a restarted store or a new primary is usually there by then. */
    public static final int RETRY_AFTER_SECONDS = 5;

    public static final String REASON = "STORE_UNAVAILABLE";

    private StoreUnavailable() {
    }

    /**
     * Whether the store being away is what failed, anywhere in the cause chain: Spring Data
     * translates the driver's exceptions, but some paths (a health check, a cursor read while a
     * response streams) meet the driver's own.
     */
    public static boolean causedBy(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof DataAccessResourceFailureException
                    || cause instanceof TransientDataAccessResourceException
                    || cause instanceof QueryTimeoutException
                    || cause instanceof MongoTimeoutException
                    || cause instanceof MongoSocketException
                    || cause instanceof MongoServerUnavailableException
                    || cause instanceof MongoExecutionTimeoutException
                    || cause instanceof MongoNotPrimaryException
                    || cause instanceof MongoNodeIsRecoveringException) {
                return true;
            }
        }
        return false;
    }

    /** The problem detail the client gets; the cause stays in the service's log. */
    public static ProblemDetail problem() {
        return Unavailable.problem("The service's database", RETRY_AFTER_SECONDS, REASON, "");
    }
}
