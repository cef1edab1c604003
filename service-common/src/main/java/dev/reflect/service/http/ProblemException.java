package dev.reflect.service.http;

import dev.reflect.events.FieldError;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An error answered as an RFC 9457 problem by {@link ProblemMapper}. Each subclass is one case of
 * the contract's error table. {@code detail} is shown to the client: it must never contain a
 * submitted value or a user id.
 */
public abstract class ProblemException extends RuntimeException {

    private static final String TYPE_PREFIX = "urn:reflect:problem:";

    private final int status;
    private final String type;
    private final String title;
    private final List<FieldError> errors;
    private final Map<String, String> headers = new LinkedHashMap<>();

    protected ProblemException(int status, String slug, String title, String detail, List<FieldError> errors) {
        // No stack trace: these are expected outcomes, thrown often, and never logged as bugs.
        super(detail, null, false, false);
        this.status = status;
        this.type = TYPE_PREFIX + slug;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    protected ProblemException(int status, String slug, String title, String detail) {
        this(status, slug, title, detail, List.of());
    }

    /** Adds a response header, e.g. {@code Retry-After}. */
    protected final void header(String name, String value) {
        headers.put(name, value);
    }

    /** {@code Retry-After} in whole seconds, at least 1, as RFC 9110 wants delay-seconds. */
    protected final void retryAfter(Duration delay) {
        long seconds = Math.max(1, (delay.toMillis() + 999) / 1000);
        header("Retry-After", Long.toString(seconds));
    }

    public int status() {
        return status;
    }

    /** A stable identifier clients can switch on, e.g. {@code urn:reflect:problem:invalid-body}. */
    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    public List<FieldError> errors() {
        return errors;
    }

    public Map<String, String> headers() {
        return Map.copyOf(headers);
    }
}
