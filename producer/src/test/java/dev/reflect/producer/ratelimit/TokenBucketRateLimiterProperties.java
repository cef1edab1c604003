package dev.reflect.producer.ratelimit;

import static dev.reflect.proptest.Gens.ints;
import static org.assertj.core.api.Assertions.assertThat;

import dev.reflect.proptest.Gens;
import dev.reflect.proptest.PropertyCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketRateLimiterProperties {

    /**
     * Over any stretch of time, a user gets at most the burst plus what the rate refills in that
     * time, whatever the pattern of requests.
     */
    @Test
    void neverAllowsMoreThanBurstPlusRefill() {
        PropertyCheck.tries(300)
                .forAll(
                        ints(1, 600),
                        ints(1, 50),
                        Gens.lists(ints(0, 5_000), 1, 300),
                        TokenBucketRateLimiterProperties::neverMoreThanBurstPlusRefill);
    }

    private static void neverMoreThanBurstPlusRefill(int perMinute, int burst, List<Integer> gapsMillis) {
        AtomicLong now = new AtomicLong();
        TokenBucketRateLimiter limiter = new TokenBucketRateLimiter(new RateLimit(perMinute, burst), now::get);
        List<Long> allowedAt = new ArrayList<>();
        for (int gap : gapsMillis) {
            now.addAndGet(Duration.ofMillis(gap).toNanos());
            if (limiter.tryAcquire("u").allowed()) {
                allowedAt.add(now.get());
            }
        }
        double tokensPerNano = perMinute / (double) Duration.ofMinutes(1).toNanos();
        for (int from = 0; from < allowedAt.size(); from++) {
            for (int to = from; to < allowedAt.size(); to++) {
                long span = allowedAt.get(to) - allowedAt.get(from);
                int allowed = to - from + 1;
                assertThat((double) allowed).isLessThanOrEqualTo(burst + span * tokensPerNano + 1e-9);
            }
        }
    }

    /** A refused request is told a wait after which it is allowed, and not one much earlier. */
    @Test
    void retryAfterIsExactlyWhenTheNextTokenArrives() {
        PropertyCheck.tries(300)
                .forAll(
                        ints(1, 600),
                        ints(1, 20),
                        ints(0, 90),
                        TokenBucketRateLimiterProperties::retryAfterIsWhenTheNextTokenArrives);
    }

    private static void retryAfterIsWhenTheNextTokenArrives(int perMinute, int burst, int gapPercentOfRefill) {
        AtomicLong now = new AtomicLong();
        TokenBucketRateLimiter limiter = new TokenBucketRateLimiter(new RateLimit(perMinute, burst), now::get);
        // Requests come faster than tokens refill, so the bucket runs dry after at most burst / 10% requests.
        long gap = Duration.ofMinutes(1).toNanos() / perMinute * gapPercentOfRefill / 100;
        TokenBucketRateLimiter.Decision decision;
        do {
            now.addAndGet(gap);
            decision = limiter.tryAcquire("u");
        } while (decision.allowed());

        Duration wait = decision.retryAfter();
        assertThat(wait).isPositive();
        now.addAndGet(wait.toNanos() - 1);
        assertThat(limiter.tryAcquire("u").allowed()).isFalse();
        now.addAndGet(1);
        assertThat(limiter.tryAcquire("u").allowed()).isTrue();
    }
}
