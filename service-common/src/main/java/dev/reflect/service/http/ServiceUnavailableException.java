package dev.reflect.service.http;

import java.time.Duration;

/** 503 with {@code Retry-After}: a dependency (Kafka) cannot do its part in time; retrying is safe. */
public class ServiceUnavailableException extends ProblemException {

    public ServiceUnavailableException(String detail, Duration retryAfter) {
        super(503, "unavailable", "Service unavailable", detail);
        retryAfter(retryAfter);
    }
}
