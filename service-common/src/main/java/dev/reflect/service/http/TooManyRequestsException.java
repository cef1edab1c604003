package dev.reflect.service.http;

import java.time.Duration;

/** 429 with {@code Retry-After}: this user's request rate is over the limit. */
public class TooManyRequestsException extends ProblemException {

    public TooManyRequestsException(Duration retryAfter) {
        super(
                429,
                "rate-limited",
                "Too many requests",
                "Too many requests for this user; retry after the time given in Retry-After.");
        retryAfter(retryAfter);
    }
}
