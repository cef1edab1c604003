package dev.reflect.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(6, Duration.ofSeconds(5), Duration.ofSeconds(60));

    @Test
    void theLongestWaitDoublesFromTheInitialDelayUpToTheMaximum() {
        assertThat(policy.ceiling(1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(policy.ceiling(2)).isEqualTo(Duration.ofSeconds(10));
        assertThat(policy.ceiling(3)).isEqualTo(Duration.ofSeconds(20));
        assertThat(policy.ceiling(4)).isEqualTo(Duration.ofSeconds(40));
        assertThat(policy.ceiling(5)).isEqualTo(Duration.ofSeconds(60));
        assertThat(policy.ceiling(50)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void jitterKeepsEachWaitBetweenHalfItsCeilingAndTheCeiling() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        for (int i = 0; i < 10_000; i++) {
            int attempts = 1 + random.nextInt(8);
            Duration wait = policy.delayAfter(attempts, Optional.empty(), random::nextDouble);
            Duration ceiling = policy.ceiling(attempts);
            assertThat(wait)
                    .as("seed %d, after attempt %d", seed, attempts)
                    .isGreaterThanOrEqualTo(ceiling.dividedBy(2))
                    .isLessThanOrEqualTo(ceiling);
        }
        assertThat(policy.delayAfter(3, Optional.empty(), () -> 0.0)).isEqualTo(Duration.ofSeconds(10));
        assertThat(policy.delayAfter(3, Optional.empty(), () -> 0.999_999)).isEqualTo(Duration.ofMillis(19_999));
    }

    @Test
    void aRetryAfterFromTheReceiverLengthensTheWaitButNotPastTheMaximum() {
        assertThat(policy.delayAfter(1, Optional.of(Duration.ofSeconds(30)), () -> 0.5))
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(policy.delayAfter(1, Optional.of(Duration.ofHours(3)), () -> 0.5))
                .isEqualTo(Duration.ofSeconds(60));
        assertThat(policy.delayAfter(4, Optional.of(Duration.ofSeconds(1)), () -> 0.0))
                .isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void givesUpAfterMaxAttemptsInAll() {
        assertThat(policy.exhausted(5)).isFalse();
        assertThat(policy.exhausted(6)).isTrue();
    }

    @Test
    void theDefaultsKeepTryingForOneToTwoDays() {
        Duration longest = RetryPolicy.DEFAULT.longestSpan();

        assertThat(RetryPolicy.DEFAULT.maxAttempts()).isEqualTo(24);
        assertThat(longest).isBetween(Duration.ofHours(49), Duration.ofHours(50));
        assertThat(longest.dividedBy(2)).isGreaterThan(Duration.ofHours(24));
    }
}
