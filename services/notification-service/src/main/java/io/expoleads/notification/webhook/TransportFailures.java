package io.expoleads.notification.webhook;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;

import javax.net.ssl.SSLException;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.NoHttpResponseException;

/**
 * Why an attempt got no HTTP answer, in words an exhibitor can act on ("connection refused",
 * "TLS failure: ...") rather than an exception's class name. Nothing here quotes the request, so
 * neither the body nor a secret can end up in a delivery's error.
 */
final class TransportFailures {

    private static final int MAX_DETAIL = 200;

    private TransportFailures() {
    }

    /**
     * @param deadlinePassed the attempt was cancelled at its deadline, whatever the exception it
     *                       left behind (usually a closed socket)
     */
    static String describe(IOException failure, boolean deadlinePassed, Duration timeout, String host) {
        if (deadlinePassed) {
            return "timed out after " + seconds(timeout);
        }
        if (failure instanceof ConnectTimeoutException) {
            return "timed out connecting after " + seconds(timeout);
        }
        if (failure instanceof SocketTimeoutException) {
            return "timed out after " + seconds(timeout) + " waiting for the answer";
        }
        if (failure instanceof UnknownHostException) {
            return "unknown host " + host;
        }
        if (failure instanceof SSLException) {
            return "TLS failure: " + detail(failure);
        }
        if (failure instanceof ConnectException || failure instanceof NoRouteToHostException) {
            String detail = detail(failure);
            return detail.toLowerCase(Locale.ROOT).contains("refused") ? "connection refused" : "could not connect: " + detail;
        }
        if (failure instanceof NoHttpResponseException) {
            return "no HTTP answer: the server closed the connection";
        }
        return "I/O error: " + failure.getClass().getSimpleName() + ": " + detail(failure);
    }

    private static String seconds(Duration timeout) {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + "s" : timeout.toMillis() + "ms";
    }

    /** The innermost message, which names the actual trouble (a certificate, a route). */
    private static String detail(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() != null ? cause.getMessage() : failure.getMessage();
        if (message == null || message.isBlank()) {
            return cause.getClass().getSimpleName();
        }
        String oneLine = message.strip().replaceAll("\\s+", " ");
        return oneLine.length() > MAX_DETAIL ? oneLine.substring(0, MAX_DETAIL) + "…" : oneLine;
    }
}
