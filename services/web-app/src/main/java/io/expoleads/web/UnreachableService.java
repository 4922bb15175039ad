package io.expoleads.web;

import java.net.http.HttpTimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;

/**
 * A proxied call that found no service to answer it: an instance that died since the load
 * balancer's last probe, or none at all. The client gets a problem detail it can act on (503 with
 * {@code Retry-After}: by then the dead instance is out of the rotation), never the 500 that would
 * read as a fault in the request. A call that reached a service and got no answer in time is a
 * 504: it may have been carried out, so only an idempotent request (a scan, by its id) should be
 * sent again.
 */
@RestControllerAdvice
class UnreachableService {

    private static final Logger log = LoggerFactory.getLogger(UnreachableService.class);
    static final String RETRY_AFTER_SECONDS = "2";

    @ExceptionHandler(ResourceAccessException.class)
    ResponseEntity<ProblemDetail> unreachable(ResourceAccessException failure) {
        boolean timedOut = causedBy(failure, HttpTimeoutException.class);
        log.warn("Proxied call failed ({}): {}", timedOut ? 504 : 503, failure.getMostSpecificCause().toString());
        if (!timedOut) {
            return unavailable();
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.GATEWAY_TIMEOUT,
                "The service did not answer in time; the request may have been carried out.");
        problem.setProperty("reason", "SERVICE_TIMEOUT");
        return ResponseEntity.status(HttpStatus.GATEWAY_TIMEOUT).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /** The load balancer found no instance that passes its probe (thrown by its filter, never by a service's answer). */
    @ExceptionHandler(HttpServerErrorException.class)
    ResponseEntity<ProblemDetail> noInstance(HttpServerErrorException failure) {
        if (failure.getStatusCode().value() != HttpStatus.SERVICE_UNAVAILABLE.value()) {
            throw failure;
        }
        log.warn("No instance to proxy to: {}", failure.getStatusText());
        return unavailable();
    }

    private static ResponseEntity<ProblemDetail> unavailable() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "No instance of the service could take the request; try again shortly.");
        problem.setProperty("reason", "SERVICE_UNAVAILABLE");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}
