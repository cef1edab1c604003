package dev.reflect.streams.metrics;

import static dev.reflect.streams.EventFixtures.checkIn;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.reflect.events.BehaviorType;
import dev.reflect.events.CheckIn;
import dev.reflect.events.CopingStrategy;
import dev.reflect.events.TriggerCategory;
import dev.reflect.service.privacy.Pseudonym;
import dev.reflect.streams.EventFixtures;
import dev.reflect.streams.escalation.EscalationThresholds;
import dev.reflect.streams.progress.ProgressCalculator;
import dev.reflect.streams.progress.Window7d;
import dev.reflect.streams.state.UserState;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PerUserMetricsTest {

    private static final LocalDate D = LocalDate.of(2026, 11, 26);
    private static final Pseudonym PSEUDONYM =
            Pseudonym.withSecret("per-user-metrics-test-secret-0123456789".getBytes(UTF_8));

    private final MutableClock clock = new MutableClock(D.atTime(18, 0).toInstant(ZoneOffset.UTC));
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, UserState> states = new HashMap<>();

    @AfterEach
    void close() {
        registry.close();
    }

    private PerUserMetrics perUser(int cap) {
        PerUserMetrics metrics = new PerUserMetrics(cap, PSEUDONYM, clock);
        registry.getPrometheusRegistry().register(metrics);
        return metrics;
    }

    /** Counts {@code event} into its user's state, as the topology does, and reports the update. */
    private UserState count(PerUserMetrics metrics, CheckIn event) {
        UserState state = states.computeIfAbsent(event.userId(), id -> UserState.empty());
        state.add(event);
        EventFixtures.escalate(event.userId(), state);
        metrics.update(event.userId(), event.occurredAt().getOffset(), state);
        return state;
    }

    private PrometheusText scrape() {
        return PrometheusText.parse(registry.scrape());
    }

    private static String user(String userId) {
        return PSEUDONYM.of(userId);
    }

    @Test
    void everySeriesIsLabelledWithThePseudonymNeverTheUserId() {
        PerUserMetrics metrics = perUser(10);
        count(
                metrics,
                checkIn("u-alice", D)
                        .distress(6)
                        .trigger(TriggerCategory.PARTNER_UNRESPONSIVE)
                        .behavior(BehaviorType.SOUGHT_REASSURANCE, 2)
                        .coping(CopingStrategy.SELF_CARE)
                        .build());

        String text = registry.scrape();
        PrometheusText scrape = PrometheusText.parse(text);

        assertThat(text).doesNotContain("u-alice").doesNotContain("alice");
        for (String name : new String[] {
            PerUserMetrics.TRIGGERS,
            PerUserMetrics.REASSURANCE_ASKS,
            PerUserMetrics.DEVICE_CHECKS,
            PerUserMetrics.DISTRESS_AVG,
            PerUserMetrics.COPING_RATIO,
            PerUserMetrics.ESCALATION_LEVEL
        }) {
            assertThat(scrape.named(name))
                    .as(name)
                    .isNotEmpty()
                    .allSatisfy(sample -> assertThat(sample.labels()).containsEntry("user", user("u-alice")));
        }
        assertThat(text).contains("# TYPE reflect_user_reassurance_asks_7d gauge");
    }

    @Test
    void figuresAreThoseOfTheSevenLocalDaysEndingToday() {
        PerUserMetrics metrics = perUser(10);
        count(
                metrics,
                checkIn("u-1", D.minusDays(7))
                        .behavior(BehaviorType.SOUGHT_REASSURANCE, 50)
                        .build());
        count(
                metrics,
                checkIn("u-1", D.minusDays(3))
                        .distress(4)
                        .triggers(TriggerCategory.PLANS_CHANGED, 2)
                        .behavior(BehaviorType.SOUGHT_REASSURANCE, 3)
                        .behavior(BehaviorType.CHECKED_DEVICE, 1)
                        .coping(CopingStrategy.CHALLENGED_THOUGHT)
                        .build());
        UserState state = count(
                metrics,
                checkIn("u-1", D)
                        .distress(7)
                        .trigger(TriggerCategory.SOCIAL_MEDIA)
                        .behavior(BehaviorType.SOUGHT_REASSURANCE, 1)
                        .coping(CopingStrategy.SELF_CARE)
                        .coping(CopingStrategy.OPEN_COMMUNICATION)
                        .build());

        PrometheusText scrape = scrape();

        String u = user("u-1");
        assertThat(scrape.value(PerUserMetrics.REASSURANCE_ASKS, "user", u)).hasValue(4.0);
        assertThat(scrape.value(PerUserMetrics.DEVICE_CHECKS, "user", u)).hasValue(1.0);
        assertThat(scrape.value(PerUserMetrics.DISTRESS_AVG, "user", u)).hasValue(5.5);
        assertThat(scrape.value(PerUserMetrics.COPING_RATIO, "user", u)).hasValue(1.0);
        assertThat(scrape.value(PerUserMetrics.TRIGGERS, "user", u, "category", "PLANS_CHANGED"))
                .hasValue(2.0);
        assertThat(scrape.value(PerUserMetrics.TRIGGERS, "user", u, "category", "SOCIAL_MEDIA"))
                .hasValue(1.0);
        assertThat(scrape.value(PerUserMetrics.TRIGGERS, "user", u, "category", "OTHER"))
                .as("no triggers: absent")
                .isEmpty();
        // The same definitions as the progress API's window.
        Window7d window = new ProgressCalculator(EscalationThresholds.defaults()).window7d(state, D);
        assertThat(scrape.value(PerUserMetrics.REASSURANCE_ASKS, "user", u))
                .hasValue((double) window.reassuranceAsks());
        assertThat(scrape.value(PerUserMetrics.COPING_RATIO, "user", u)).hasValue(window.copingRatio());
        assertThat(scrape.value(PerUserMetrics.DISTRESS_AVG, "user", u)).hasValue(window.distressAvg());
    }

    @Test
    void figuresDecayAsDaysPassWithoutEvents() {
        PerUserMetrics metrics = perUser(10);
        count(
                metrics,
                checkIn("u-1", D.minusDays(3))
                        .distress(8)
                        .trigger(TriggerCategory.PLANS_CHANGED)
                        .behavior(BehaviorType.SOUGHT_REASSURANCE, 3)
                        .build());
        count(
                metrics,
                checkIn("u-1", D)
                        .distress(2)
                        .behavior(BehaviorType.SOUGHT_REASSURANCE, 2)
                        .behavior(BehaviorType.CONTROLLED, 1)
                        .build());
        String u = user("u-1");
        assertThat(scrape().value(PerUserMetrics.REASSURANCE_ASKS, "user", u)).hasValue(5.0);

        clock.advance(Duration.ofDays(4));
        PrometheusText fourDaysLater = scrape();
        assertThat(fourDaysLater.value(PerUserMetrics.REASSURANCE_ASKS, "user", u))
                .as("D-3 left the window")
                .hasValue(2.0);
        assertThat(fourDaysLater.value(PerUserMetrics.DISTRESS_AVG, "user", u)).hasValue(2.0);
        assertThat(fourDaysLater.value(PerUserMetrics.TRIGGERS, "user", u, "category", "PLANS_CHANGED"))
                .isEmpty();
        assertThat(fourDaysLater.value(PerUserMetrics.COPING_RATIO, "user", u))
                .as("no triggers: no ratio")
                .isEmpty();

        clock.advance(Duration.ofDays(3));
        PrometheusText aWeekLater = scrape();
        assertThat(aWeekLater.value(PerUserMetrics.REASSURANCE_ASKS, "user", u)).hasValue(0.0);
        assertThat(aWeekLater.value(PerUserMetrics.DEVICE_CHECKS, "user", u)).hasValue(0.0);
        assertThat(aWeekLater.value(PerUserMetrics.DISTRESS_AVG, "user", u)).isEmpty();
        // The level is the stored one, as in the query API: it steps down with the user's next events.
        assertThat(aWeekLater.value(PerUserMetrics.ESCALATION_LEVEL, "user", u)).hasValue(3.0);
    }

    @Test
    void todayIsTheDateInTheOffsetOfTheUsersLastEvent() {
        PerUserMetrics metrics = perUser(10);
        // 00:30 on D at +14:00 is still D-1 in UTC; the user's today is D.
        clock.set(D.minusDays(1).atTime(11, 0).toInstant(ZoneOffset.UTC));
        count(
                metrics,
                checkIn("u-east", OffsetDateTime.of(D, LocalTime.of(0, 30), ZoneOffset.ofHours(14)))
                        .behavior(BehaviorType.SOUGHT_REASSURANCE, 4)
                        .receivedAt(clock.instant())
                        .build());
        assertThat(scrape().value(PerUserMetrics.REASSURANCE_ASKS, "user", user("u-east")))
                .hasValue(4.0);

        // 20:00 on D at -10:00 is D+1 in UTC. Six days later, at 08:00 UTC on D+7, the user's today is D+6,
        // so D is still the first day of their window, though it is not of a UTC window.
        count(
                metrics,
                checkIn("u-west", OffsetDateTime.of(D, LocalTime.of(20, 0), ZoneOffset.ofHours(-10)))
                        .behavior(BehaviorType.CHECKED_DEVICE, 2)
                        .build());
        clock.set(D.plusDays(7).atTime(8, 0).toInstant(ZoneOffset.UTC));
        assertThat(scrape().value(PerUserMetrics.DEVICE_CHECKS, "user", user("u-west")))
                .hasValue(2.0);
        clock.set(D.plusDays(7).atTime(10, 0).toInstant(ZoneOffset.UTC));
        assertThat(scrape().value(PerUserMetrics.DEVICE_CHECKS, "user", user("u-west")))
                .hasValue(0.0);
    }

    @Test
    void aDayAlreadyBegunFurtherEastStaysInTheWindowWhenTheLastEventCameFromFurtherWest() {
        PerUserMetrics metrics = perUser(10);
        // 00:05 on D at +01:00, then 23:40 on D-1 in UTC (35 minutes later): the first event's day has
        // begun for this person, whatever the offset of the last one says.
        clock.set(D.minusDays(1).atTime(23, 45).toInstant(ZoneOffset.UTC));
        count(
                metrics,
                checkIn("u-travel", OffsetDateTime.of(D, LocalTime.of(0, 5), ZoneOffset.ofHours(1)))
                        .trigger(TriggerCategory.PARTNER_UNRESPONSIVE)
                        .build());
        count(
                metrics,
                checkIn("u-travel", OffsetDateTime.of(D.minusDays(1), LocalTime.of(23, 40), ZoneOffset.UTC))
                        .behavior(BehaviorType.SOUGHT_REASSURANCE, 1)
                        .build());

        PrometheusText text = scrape();
        assertThat(text.value(
                        PerUserMetrics.TRIGGERS,
                        "user",
                        user("u-travel"),
                        "category",
                        TriggerCategory.PARTNER_UNRESPONSIVE.name()))
                .hasValue(1.0);
        assertThat(text.value(PerUserMetrics.REASSURANCE_ASKS, "user", user("u-travel")))
                .hasValue(1.0);
    }

    @Test
    void theCapKeepsTheMostRecentlyActiveUsersAndDropsAllSeriesOfTheOthers() {
        PerUserMetrics metrics = perUser(2);
        count(metrics, checkIn("u-a", D).trigger(TriggerCategory.OTHER).build());
        count(metrics, checkIn("u-b", D).trigger(TriggerCategory.OTHER).build());
        count(metrics, checkIn("u-c", D).trigger(TriggerCategory.OTHER).build());

        assertThat(metrics.size()).isEqualTo(2);
        assertThat(registry.scrape())
                .doesNotContain(user("u-a"))
                .contains(user("u-b"))
                .contains(user("u-c"));

        count(metrics, checkIn("u-b", D).build());
        count(metrics, checkIn("u-d", D).build());

        String text = registry.scrape();
        assertThat(text)
                .as("u-c was the least recently active")
                .doesNotContain(user("u-c"))
                .contains(user("u-b"))
                .contains(user("u-d"));
        assertThat(PrometheusText.parse(text).named(PerUserMetrics.ESCALATION_LEVEL))
                .hasSize(2);
    }

    @Test
    void withoutUsersThereAreNoPerUserSeries() {
        perUser(10);

        assertThat(registry.scrape()).doesNotContain("reflect_user_");
    }

    @Test
    void aScanDropsUsersThatMovedAwayAndFillsFreePlacesWithTheMostRecentlyActive() {
        PerUserMetrics metrics = perUser(3);
        count(metrics, checkIn("u-moved", D).build());
        count(metrics, checkIn("u-kept", D).build());
        PerUserMetrics.Reconciliation scan = metrics.reconcile();
        // While the scan runs, an event of a user the scan will not see (a partition that just arrived).
        count(metrics, checkIn("u-new", D).build());

        scan.visit("u-kept", states.get("u-kept"));
        scan.visit("u-old", stateWithDay("u-old", D.minusDays(20)));
        scan.visit("u-recent", stateWithDay("u-recent", D.minusDays(1)));
        metrics.complete(scan);

        String text = registry.scrape();
        assertThat(text)
                .doesNotContain(user("u-moved"))
                .contains(user("u-kept"))
                .contains(user("u-new"))
                .contains(user("u-recent"))
                .doesNotContain(user("u-old"));
        assertThat(metrics.size()).isEqualTo(3);
        // Picked up users make room first.
        count(metrics, checkIn("u-next", D).build());
        assertThat(registry.scrape()).doesNotContain(user("u-recent")).contains(user("u-kept"));
    }

    @Test
    void usersPickedUpByAScanUseUtcForTodayUntilTheirNextEvent() {
        PerUserMetrics metrics = perUser(3);
        UserState state = UserState.empty();
        state.add(checkIn("u-1", OffsetDateTime.of(D, LocalTime.of(20, 0), ZoneOffset.ofHours(-10)))
                .behavior(BehaviorType.CHECKED_DEVICE, 2)
                .build());
        PerUserMetrics.Reconciliation scan = metrics.reconcile();
        scan.visit("u-1", state);
        metrics.complete(scan);

        clock.set(D.plusDays(7).atTime(8, 0).toInstant(ZoneOffset.UTC));

        assertThat(scrape().value(PerUserMetrics.DEVICE_CHECKS, "user", user("u-1")))
                .hasValue(0.0);
    }

    private static UserState stateWithDay(String userId, LocalDate day) {
        UserState state = UserState.empty();
        state.add(checkIn(userId, day).build());
        return state;
    }
}
