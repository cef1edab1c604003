package dev.reflect.producer.ratelimit;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * One token bucket per user: it holds up to {@code burst} tokens, refills at {@code perMinute}
 * a minute, and each request takes one. A refused request learns how long until the next token.
 *
 * <p>Buckets live in memory, per instance: behind a load balancer each instance enforces the
 * limit on its own share, which is enough to stop floods. Idle buckets (refilled to full, so
 * indistinguishable from a new one) are swept now and then, so memory follows active users, not
 * every user ever seen.
 */
public final class TokenBucketRateLimiter {

    private static final long NANOS_PER_MINUTE = Duration.ofMinutes(1).toNanos();
    private static final int SWEEP_EVERY = 4096;

    /** The answer for one request. */
    public record Decision(boolean allowed, Duration retryAfter) {

        static final Decision ALLOW = new Decision(true, Duration.ZERO);
    }

    private final RateLimit limit;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong acquisitions = new AtomicLong();

    public TokenBucketRateLimiter(RateLimit limit) {
        this(limit, System::nanoTime);
    }

    public TokenBucketRateLimiter(RateLimit limit, LongSupplier nanoTime) {
        this.limit = limit;
        this.nanoTime = nanoTime;
    }

    public Decision tryAcquire(String userId) {
        if (!limit.enabled()) {
            return Decision.ALLOW;
        }
        long now = nanoTime.getAsLong();
        if (acquisitions.incrementAndGet() % SWEEP_EVERY == 0) {
            sweep(now);
        }
        return buckets.computeIfAbsent(userId, id -> new Bucket(limit.burst(), now))
                .take(now);
    }

    /** How many users currently have a bucket; for tests of the sweep. */
    int trackedUsers() {
        return buckets.size();
    }

    /** A request racing the sweep may find its bucket replaced by a full one: one token extra, at worst. */
    void sweep(long now) {
        buckets.values().removeIf(bucket -> bucket.isFullAt(now));
    }

    /** Tokens are kept in nanos-of-refill units (one token = nanosPerToken) to stay exact in integers. */
    private final class Bucket {

        private final long nanosPerToken = NANOS_PER_MINUTE / limit.perMinute();
        private final long capacity = nanosPerToken * limit.burst();
        private long level;
        private long updatedAt;

        Bucket(int tokens, long now) {
            this.level = nanosPerToken * tokens;
            this.updatedAt = now;
        }

        synchronized Decision take(long now) {
            refill(now);
            if (level >= nanosPerToken) {
                level -= nanosPerToken;
                return Decision.ALLOW;
            }
            return new Decision(false, Duration.ofNanos(nanosPerToken - level));
        }

        synchronized boolean isFullAt(long now) {
            refill(now);
            return level >= capacity;
        }

        private void refill(long now) {
            long elapsed = now - updatedAt;
            if (elapsed > 0) {
                level = elapsed >= capacity ? capacity : Math.min(capacity, level + elapsed);
                updatedAt = now;
            }
        }
    }
}
