package io.expoleads.platform.web;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** The problem detail of a 503 that is no fault of the request: something the service needs is away for a moment. */
public final class Unavailable {

    private Unavailable() {
    }

    /**
     * @param what         what cannot be reached, as the sentence's subject ("The service's database")
     * @param retrySeconds the {@code Retry-After} the answer carries
     * @param reason       the code clients act on
     * @param retryHint    what to send again, appended to the advice ("" or " with the same token")
     */
    public static ProblemDetail problem(String what, int retrySeconds, String reason, String retryHint) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                what + " cannot be reached just now; nothing was changed. Try again in " + retrySeconds + " seconds" + retryHint + ".");
        problem.setTitle("Temporarily unavailable");
        problem.setType(URI.create("about:blank"));
        problem.setProperty("reason", reason);
        return problem;
    }
}
