package dev.reflect.producer.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reflect.service.config.ConfigException;
import dev.reflect.service.config.Env;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketRateLimiterTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void allowsTheBurstThenOneRequestPerRefillInterval() {
        TokenBucketRateLimiter limiter = new TokenBucketRateLimiter(new RateLimit(60, 3), now::get);

        assertThat(limiter.tryAcquire("a").allowed()).isTrue();
        assertThat(limiter.tryAcquire("a").allowed()).isTrue();
        assertThat(limiter.tryAcquire("a").allowed()).isTrue();
        TokenBucketRateLimiter.Decision refused = limiter.tryAcquire("a");
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(1));

        now.addAndGet(Duration.ofMillis(400).toNanos());
        assertThat(limiter.tryAcquire("a").retryAfter()).isEqualTo(Duration.ofMillis(600));
        now.addAndGet(Duration.ofMillis(600).toNanos());
        assertThat(limiter.tryAcquire("a").allowed()).isTrue();
        assertThat(limiter.tryAcquire("a").allowed()).isFalse();
    }

    @Test
    void usersHaveTheirOwnBuckets() {
        TokenBucketRateLimiter limiter = new TokenBucketRateLimiter(new RateLimit(60, 1), now::get);

        assertThat(limiter.tryAcquire("a").allowed()).isTrue();
        assertThat(limiter.tryAcquire("a").allowed()).isFalse();
        assertThat(limiter.tryAcquire("b").allowed()).isTrue();
    }

    @Test
    void aLongPauseRefillsOnlyUpToTheBurst() {
        TokenBucketRateLimiter limiter = new TokenBucketRateLimiter(new RateLimit(60, 2), now::get);
        limiter.tryAcquire("a");
        limiter.tryAcquire("a");

        now.addAndGet(Duration.ofHours(1).toNanos());

        assertThat(limiter.tryAcquire("a").allowed()).isTrue();
        assertThat(limiter.tryAcquire("a").allowed()).isTrue();
        assertThat(limiter.tryAcquire("a").allowed()).isFalse();
    }

    @Test
    void sweepingForgetsOnlyIdleUsers() {
        TokenBucketRateLimiter limiter = new TokenBucketRateLimiter(new RateLimit(60, 2), now::get);
        limiter.tryAcquire("idle");
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        limiter.tryAcquire("busy");

        limiter.sweep(now.get());

        assertThat(limiter.trackedUsers()).isEqualTo(1);
        assertThat(limiter.tryAcquire("busy").allowed()).isTrue();
        assertThat(limiter.tryAcquire("busy").allowed()).isFalse();
    }

    @Test
    void zeroPerMinuteTurnsLimitingOff() {
        TokenBucketRateLimiter limiter = new TokenBucketRateLimiter(
                RateLimit.from(Env.of(Map.of("REFLECT_RATE_LIMIT_PER_MINUTE", "0"))), now::get);

        for (int i = 0; i < 10_000; i++) {
            assertThat(limiter.tryAcquire("a").allowed()).isTrue();
        }
        assertThat(limiter.trackedUsers()).isZero();
    }

    @Test
    void readsItsSettingsFromTheEnvironment() {
        assertThat(RateLimit.from(Env.of(Map.of()))).isEqualTo(new RateLimit(60, 30));
        assertThat(RateLimit.from(
                        Env.of(Map.of("REFLECT_RATE_LIMIT_PER_MINUTE", "120", "REFLECT_RATE_LIMIT_BURST", "10"))))
                .isEqualTo(new RateLimit(120, 10));
        assertThatThrownBy(() -> RateLimit.from(Env.of(Map.of("REFLECT_RATE_LIMIT_BURST", "0"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("REFLECT_RATE_LIMIT_BURST");
    }
}
