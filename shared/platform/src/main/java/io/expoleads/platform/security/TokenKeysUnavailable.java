package io.expoleads.platform.security;

import java.io.IOException;

import com.nimbusds.jose.KeySourceException;
import io.expoleads.platform.web.Unavailable;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/**
 * The keys that sign access tokens could not be fetched (exhibitor-service, or the web tier in
 * front of it, down or not answering while this instance first needs them): no fault of the
 * caller's token, which may be perfectly valid. Answered 503 with {@code Retry-After}, reason
 * {@code TOKEN_KEYS_UNAVAILABLE}, never 500 nor 401 (a client told 401 would sign its user out).
 * Nothing of the failure is kept: the next request fetches the keys again.
 */
public final class TokenKeysUnavailable {

    /** Seconds a client waits before trying again: a restarted exhibitor-service instance is usually there by then. */
    public static final int RETRY_AFTER_SECONDS = 5;

    public static final String REASON = "TOKEN_KEYS_UNAVAILABLE";

    private TokenKeysUnavailable() {
    }

    /** Whether fetching the token keys is what failed, anywhere in the cause chain. */
    public static boolean causedBy(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof KeySourceException) {
                return true;
            }
        }
        return false;
    }

    /** The problem detail the client gets; the cause stays in the service's log. */
    public static ProblemDetail problem() {
        return Unavailable.problem("The keys that verify access tokens", RETRY_AFTER_SECONDS, REASON, " with the same token");
    }

    static void answer(HttpServletResponse response, JsonMapper json) throws IOException {
        response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
        response.setHeader(HttpHeaders.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS));
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem());
    }
}
