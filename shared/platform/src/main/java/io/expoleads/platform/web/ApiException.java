package io.expoleads.platform.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;

/** A request the service refuses, answered as a problem detail with this status. */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String title;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final List<Map<String, String>> fieldErrors = new ArrayList<>();
    private final Map<String, Object> properties = new LinkedHashMap<>();

    public ApiException(HttpStatus status, String title, String detail) {
        super(detail);
        this.status = status;
        this.title = title;
    }

    public static ApiException notFound(String what, String id) {
        return new ApiException(HttpStatus.NOT_FOUND, what + " not found", "No " + what.toLowerCase() + " with id " + id);
    }

    public static ApiException conflict(String detail) {
        return new ApiException(HttpStatus.CONFLICT, "Conflict", detail);
    }

    public static ApiException invalid(String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, "Invalid request", detail);
    }

    /** A 400 naming the field at fault, like the bean-validation errors. */
    public static ApiException invalidField(String field, String message) {
        ApiException e = new ApiException(HttpStatus.BAD_REQUEST, "Invalid request", "The request has invalid fields.");
        e.fieldErrors.add(Map.of("field", field, "message", message));
        return e;
    }

    /** A 400 naming every field at fault, field path to message; at least one. */
    public static ApiException invalidFields(Map<String, String> problems) {
        ApiException e = new ApiException(HttpStatus.BAD_REQUEST, "Invalid request", "The request has invalid fields.");
        problems.forEach((field, message) -> e.fieldErrors.add(Map.of("field", field, "message", message)));
        return e;
    }

    public static ApiException unavailable(String detail) {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "Temporarily unavailable", detail);
    }

    /** A header to send with the problem, such as {@code Retry-After}. */
    public ApiException withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** A member of the problem detail beyond the standard ones, such as a machine-readable {@code reason}. */
    public ApiException withProperty(String name, Object value) {
        properties.put(name, value);
        return this;
    }

    public Map<String, Object> properties() {
        return Map.copyOf(properties);
    }

    public Map<String, String> headers() {
        return Map.copyOf(headers);
    }

    public List<Map<String, String>> fieldErrors() {
        return List.copyOf(fieldErrors);
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }
}
