package dev.reflect.notifier.delivery;

import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * When a failed webhook is tried again, and when the notifier gives up: exponential backoff with
 * jitter. After failed attempt {@code n} (1 is the first) the wait is {@code initialDelay x 2^(n-1)},
 * at most {@code maxDelay}, of which half is fixed and half random ("equal jitter": the waits keep
 * growing, and receivers that failed together are not all retried in the same second). A
 * {@code Retry-After} from the receiver lengthens the wait to it, up to {@code maxDelay}. After
 * {@code maxAttempts} attempts in all the delivery is given up (dead-lettered).
 *
 * <p>The defaults (5 s, doubling, at most 4 h, 24 attempts) follow the spirit of Standard Webhooks'
 * example schedule: quick retries for a blip, then ones hours apart; the last attempt comes 25 to
 * 50 hours after the first (see {@link #longestSpan()}), so a receiver that is down over a night or
 * a weekend day is still reached.
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(24, Duration.ofSeconds(5), Duration.ofHours(4));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (initialDelay.isNegative() || initialDelay.isZero() || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("0 < initialDelay <= maxDelay");
        }
    }

    /** Whether a delivery with {@code attempts} failed attempts behind it is given up. */
    public boolean exhausted(int attempts) {
        return attempts >= maxAttempts;
    }

    /** The wait before the next attempt, after failed attempt number {@code attempts}; {@code random} in [0, 1). */
    public Duration delayAfter(int attempts, Optional<Duration> retryAfter, DoubleSupplier random) {
        Duration ceiling = ceiling(attempts);
        long half = ceiling.toMillis() / 2;
        Duration jittered = Duration.ofMillis(half + (long) (random.getAsDouble() * (ceiling.toMillis() - half)));
        Duration asked = retryAfter
                .map(wait -> wait.compareTo(maxDelay) > 0 ? maxDelay : wait)
                .orElse(Duration.ZERO);
        return asked.compareTo(jittered) > 0 ? asked : jittered;
    }

    /** The longest wait after failed attempt {@code attempts} (before jitter takes up to half of it). */
    public Duration ceiling(int attempts) {
        Duration delay = initialDelay;
        for (int i = 1; i < attempts && delay.compareTo(maxDelay) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }

    /** From the first attempt to the last, at the longest (every wait at its ceiling). */
    public Duration longestSpan() {
        Duration span = Duration.ZERO;
        for (int attempts = 1; attempts < maxAttempts; attempts++) {
            span = span.plus(ceiling(attempts));
        }
        return span;
    }
}
