package dev.reflect.notifier.delivery;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * What one attempt came to, as Standard Webhooks judges it: 2xx is delivered; 410 Gone means the
 * receiver wants no more of them (given up at once); any other status, a redirect included (not
 * followed), a timeout or a failed connection is a failure to retry. A {@code Retry-After} the
 * receiver sent (429, 503) is kept, so the next attempt waits at least that long.
 */
public record AttemptResult(Outcome outcome, int status, Optional<Duration> retryAfter) {

    /** The outcomes, also the {@code result} label of {@code reflect_notifier_attempts_total}. */
    public enum Outcome {
        DELIVERED,
        REJECTED,
        GONE,
        TIMEOUT,
        UNREACHABLE;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static AttemptResult ofStatus(int status, Optional<Duration> retryAfter) {
        if (status >= 200 && status < 300) {
            return new AttemptResult(Outcome.DELIVERED, status, Optional.empty());
        }
        return new AttemptResult(status == 410 ? Outcome.GONE : Outcome.REJECTED, status, retryAfter);
    }

    public static AttemptResult timeout() {
        return new AttemptResult(Outcome.TIMEOUT, 0, Optional.empty());
    }

    public static AttemptResult unreachable() {
        return new AttemptResult(Outcome.UNREACHABLE, 0, Optional.empty());
    }

    public boolean delivered() {
        return outcome == Outcome.DELIVERED;
    }

    /** For the outbox, the dead-letter record and logs: {@code http 503}, {@code timeout}, {@code unreachable}. */
    public String description() {
        return switch (outcome) {
            case DELIVERED, REJECTED -> "http " + status;
            case GONE -> "gone (http 410)";
            case TIMEOUT -> "timeout";
            case UNREACHABLE -> "unreachable";
        };
    }
}
