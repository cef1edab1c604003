package dev.reflect.web.proxy;

import dev.reflect.service.http.ProblemException;
import java.time.Duration;

/** The service a request belongs to did not answer: 502 when it cannot be reached, 504 when it took too long. */
final class UpstreamException extends ProblemException {

    static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private UpstreamException(int status, String slug, String title, String detail) {
        super(status, slug, title, detail);
        retryAfter(RETRY_AFTER);
    }

    static UpstreamException unreachable() {
        return new UpstreamException(
                502,
                "upstream-unreachable",
                "Bad gateway",
                "The service behind this address cannot be reached right now.");
    }

    static UpstreamException timedOut() {
        return new UpstreamException(
                504, "upstream-timeout", "Gateway timeout", "The service behind this address did not answer in time.");
    }
}
