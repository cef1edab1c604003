package dev.reflect.service.http;

import java.time.Duration;

/**
 * 408: the whole request body did not arrive in time. The rest of it is left unread, so the
 * connection closes after the answer, and {@code Connection: close} says so.
 */
public class RequestTimeoutException extends ProblemException {

    public RequestTimeoutException(Duration deadline) {
        super(
                408,
                "request-timeout",
                "Request timeout",
                "The whole request body must arrive within " + deadline.toMillis() + " ms; send it again.");
        header("Connection", "close");
    }
}
