package io.expoleads.platform.web;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * The {@code reason} code every problem detail carries, so each app says the refusal in its user's
 * language (the services' own words are English): the code a refusal names itself, else one for its
 * kind, from the status.
 */
public final class Reasons {

    /** Fields at fault, listed under {@code errors} with their paths (such as {@code halls[2]}). */
    public static final String INVALID_FIELDS = "INVALID_FIELDS";

    private Reasons() {
    }

    /** The reason for a refusal that names none of its own. */
    public static String forStatus(HttpStatusCode status, boolean fieldErrors) {
        if (fieldErrors) {
            return INVALID_FIELDS;
        }
        return switch (status.value()) {
            case 400 -> "INVALID_REQUEST";
            case 401 -> "SIGN_IN_NEEDED";
            case 403 -> "NOT_ALLOWED";
            case 404 -> "NOT_FOUND";
            case 405 -> "METHOD_NOT_ALLOWED";
            case 406 -> "NOT_ACCEPTABLE";
            case 409 -> "CONFLICT";
            case 410 -> "GONE";
            case 413 -> "TOO_LARGE";
            case 415 -> "UNSUPPORTED_MEDIA_TYPE";
            case 422 -> "UNPROCESSABLE";
            case 429 -> "TOO_MANY_REQUESTS";
            case 503 -> "SERVICE_UNAVAILABLE";
            default -> status.is5xxServerError() ? "INTERNAL_ERROR" : "REFUSED";
        };
    }

    /** Gives the problem its kind's reason when it names none. */
    public static ProblemDetail ensure(ProblemDetail problem) {
        if (problem.getProperties() == null || !problem.getProperties().containsKey("reason")) {
            problem.setProperty("reason", forStatus(HttpStatusCode.valueOf(problem.getStatus()),
                    problem.getProperties() != null && problem.getProperties().containsKey("errors")));
        }
        return problem;
    }
}
