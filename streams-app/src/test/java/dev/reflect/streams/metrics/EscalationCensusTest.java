package dev.reflect.streams.metrics;

import static dev.reflect.streams.EventFixtures.checkIn;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.reflect.events.BehaviorType;
import dev.reflect.events.EscalationLevel;
import dev.reflect.service.privacy.Pseudonym;
import dev.reflect.streams.EventFixtures;
import dev.reflect.streams.state.UserState;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EscalationCensusTest {

    private static final LocalDate D = LocalDate.of(2026, 11, 26);
    private static final Pseudonym PSEUDONYM =
            Pseudonym.withSecret("escalation-census-test-secret-0123456789".getBytes(UTF_8));

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final FakeStore store = new FakeStore();

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void close() {
        executor.shutdownNow();
        registry.close();
    }

    /** Users of the active tasks; unavailable while {@code queryable} is false, as during a rebalance. */
    private static final class FakeStore implements ActiveUserStates {
        final Map<String, UserState> users = new ConcurrentHashMap<>();
        boolean queryable = true;

        @Override
        public boolean forEach(BiConsumer<String, UserState> visitor) {
            if (!queryable) {
                return false;
            }
            users.forEach(visitor);
            return true;
        }
    }

    private static UserState user(String userId, BehaviorType behavior, int count) {
        UserState state = UserState.empty();
        state.add(checkIn(userId, D).behavior(behavior, count).build());
        EventFixtures.escalate(userId, state);
        return state;
    }

    private Double level(String level) {
        return PrometheusText.parse(registry.scrape())
                .value("reflect_users_escalation", "level", level)
                .orElse(null);
    }

    @Test
    void countsTheUsersOfTheActiveTasksAtEachLevel() {
        store.users.put("u-steady", user("u-steady", BehaviorType.WITHDREW, 1));
        store.users.put("u-elevated", user("u-elevated", BehaviorType.SOUGHT_REASSURANCE, 6));
        store.users.put("u-high", user("u-high", BehaviorType.CHECKED_DEVICE, 3));
        store.users.put("u-severe-1", user("u-severe-1", BehaviorType.CONTROLLED, 1));
        store.users.put("u-severe-2", user("u-severe-2", BehaviorType.CONTROLLED, 2));
        EscalationCensus census = new EscalationCensus(registry, store, null, executor);

        assertThat(registry.scrape()).as("no gauge before the first scan").doesNotContain("reflect_users_escalation");
        assertThat(census.scan()).isTrue();

        assertThat(level("STEADY")).isEqualTo(1.0);
        assertThat(level("ELEVATED")).isEqualTo(1.0);
        assertThat(level("HIGH")).isEqualTo(1.0);
        assertThat(level("SEVERE")).isEqualTo(2.0);
    }

    @Test
    void followsWhatTheInstanceHoldsNowAndKeepsTheLastFiguresWhileTheStoresAreUnavailable() {
        store.users.put("u-1", user("u-1", BehaviorType.CONTROLLED, 1));
        store.users.put("u-2", user("u-2", BehaviorType.CONTROLLED, 1));
        EscalationCensus census = new EscalationCensus(registry, store, null, executor);
        census.scan();
        assertThat(level("SEVERE")).isEqualTo(2.0);

        // A rebalance moves u-2's partition to another instance.
        store.queryable = false;
        store.users.remove("u-2");
        assertThat(census.scan()).isFalse();
        assertThat(level("SEVERE")).as("during the rebalance").isEqualTo(2.0);

        store.queryable = true;
        assertThat(census.scan()).isTrue();
        assertThat(level("SEVERE")).isEqualTo(1.0);
        assertThat(census.count(EscalationLevel.STEADY)).isZero();
    }

    @Test
    void startScansAtOnceAndAgainWhenAskedOnItsOwnThread() {
        store.users.put("u-1", user("u-1", BehaviorType.WITHDREW, 1));
        EscalationCensus census = new EscalationCensus(registry, store, null, executor);

        census.start();
        await("the first scan").atMost(Duration.ofSeconds(10)).until(() -> census.count(EscalationLevel.STEADY) == 1);

        store.users.put("u-2", user("u-2", BehaviorType.WITHDREW, 1));
        census.scanSoon();
        await("a scan on request")
                .atMost(Duration.ofSeconds(10))
                .until(() -> census.count(EscalationLevel.STEADY) == 2);
    }

    @Test
    void reconcilesPerUserMetricsAfterARestart() {
        MutableClock clock = new MutableClock(D.atTime(12, 0).toInstant(ZoneOffset.UTC));
        PerUserMetrics perUser = new PerUserMetrics(10, PSEUDONYM, clock);
        registry.getPrometheusRegistry().register(perUser);
        store.users.put("u-1", user("u-1", BehaviorType.CHECKED_DEVICE, 3));
        EscalationCensus census = new EscalationCensus(registry, store, perUser, executor);

        census.scan();

        PrometheusText scrape = PrometheusText.parse(registry.scrape());
        assertThat(scrape.value(PerUserMetrics.ESCALATION_LEVEL, "user", PSEUDONYM.of("u-1")))
                .hasValue(2.0);
        assertThat(scrape.value(PerUserMetrics.DEVICE_CHECKS, "user", PSEUDONYM.of("u-1")))
                .hasValue(3.0);
    }
}
