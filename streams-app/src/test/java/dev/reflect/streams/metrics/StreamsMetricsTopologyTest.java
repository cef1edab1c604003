package dev.reflect.streams.metrics;

import static dev.reflect.streams.EventFixtures.checkIn;
import static dev.reflect.streams.EventFixtures.journal;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.reflect.events.BehaviorType;
import dev.reflect.events.CheckIn;
import dev.reflect.events.Context;
import dev.reflect.events.CopingStrategy;
import dev.reflect.events.EscalationLevel;
import dev.reflect.events.JournalEntry;
import dev.reflect.events.Topics;
import dev.reflect.events.TriggerCategory;
import dev.reflect.service.privacy.Pseudonym;
import dev.reflect.streams.deadletter.DeadLetterReason;
import dev.reflect.streams.state.UserState;
import dev.reflect.streams.topology.ReflectStreamsConfig;
import dev.reflect.streams.topology.ReflectTopology;
import dev.reflect.streams.topology.TopologySettings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The streams app's metrics, fed by the real topology under TopologyTestDriver. */
class StreamsMetricsTopologyTest {

    private static final LocalDate D = LocalDate.of(2026, 11, 26);
    private static final Pseudonym PSEUDONYM =
            Pseudonym.withSecret("streams-metrics-topology-test-0123456789".getBytes(UTF_8));

    @TempDir
    Path stateDir;

    private final MutableClock clock = new MutableClock(D.atTime(14, 0).toInstant(ZoneOffset.UTC));
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private StreamsMetrics metrics;
    private TopologyTestDriver driver;
    private TestInputTopic<String, CheckIn> checkIns;
    private TestInputTopic<String, JournalEntry> journal;
    private TestInputTopic<byte[], byte[]> rawCheckIns;

    @BeforeEach
    void start() {
        metrics = StreamsMetrics.create(registry, 1000, Optional.of(PSEUDONYM), clock);
        Properties props = ReflectStreamsConfig.base("unused:9092");
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "reflect-metrics-test-" + UUID.randomUUID());
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(
                ReflectTopology.build(TopologySettings.defaults(), metrics.listener()), props, clock.instant());
        checkIns = driver.createInputTopic(
                Topics.CHECKINS.name(),
                Topics.CHECKINS.keySerde().serializer(),
                Topics.CHECKINS.valueSerde().serializer());
        journal = driver.createInputTopic(
                Topics.JOURNAL.name(),
                Topics.JOURNAL.keySerde().serializer(),
                Topics.JOURNAL.valueSerde().serializer());
        rawCheckIns =
                driver.createInputTopic(Topics.CHECKINS.name(), new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void stop() {
        driver.close();
        metrics.close();
        registry.close();
    }

    private void send(CheckIn... events) {
        for (CheckIn event : events) {
            checkIns.pipeInput(event.userId(), event, event.receivedAt());
        }
    }

    private PrometheusText scrape() {
        // Level changes are announced once the input has settled, as it has once a task is idle.
        driver.advanceWallClockTime(TopologySettings.DEFAULT_ALERT_SETTLE.plusSeconds(1));
        return PrometheusText.parse(registry.scrape());
    }

    @Test
    void everyEnumLabelExistsAtZeroBeforeTheFirstEvent() {
        PrometheusText scrape = scrape();

        for (Context context : Context.values()) {
            assertThat(scrape.value("reflect_checkins_total", "context", context.name()))
                    .hasValue(0.0);
        }
        for (TriggerCategory category : TriggerCategory.values()) {
            assertThat(scrape.value("reflect_triggers_total", "category", category.name()))
                    .hasValue(0.0);
        }
        for (BehaviorType type : BehaviorType.values()) {
            assertThat(scrape.value("reflect_behaviors_total", "type", type.name()))
                    .hasValue(0.0);
        }
        for (CopingStrategy strategy : CopingStrategy.values()) {
            assertThat(scrape.value("reflect_coping_total", "strategy", strategy.name()))
                    .hasValue(0.0);
        }
        for (EscalationLevel level : EscalationLevel.values()) {
            assertThat(scrape.value("reflect_alerts_total", "level", level.name()))
                    .hasValue(0.0);
        }
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            assertThat(scrape.value("reflect_records_rejected_total", "reason", reason.code()))
                    .hasValue(0.0);
        }
        assertThat(scrape.value("reflect_journal_entries_total")).hasValue(0.0);
        assertThat(scrape.value("reflect_event_delay_seconds_count")).hasValue(0.0);
    }

    @Test
    void countsWhatTheTopologyCountsOnceEach() {
        CheckIn first = checkIn("u-1", D)
                .distress(6)
                .trigger(TriggerCategory.PARTNER_UNRESPONSIVE)
                .trigger(TriggerCategory.PARTNER_UNRESPONSIVE)
                .trigger(TriggerCategory.SOCIAL_MEDIA)
                .behavior(BehaviorType.SOUGHT_REASSURANCE, 3)
                .behavior(BehaviorType.CHECKED_DEVICE, 1)
                .coping(CopingStrategy.CHALLENGED_THOUGHT)
                .build();
        CheckIn second =
                checkIn("u-2", D).behavior(BehaviorType.SOUGHT_REASSURANCE, 6).build();
        send(first, second, first);
        JournalEntry entry = journal("u-1", D, 80, 30);
        journal.pipeInput(entry.userId(), entry, entry.receivedAt());
        rawCheckIns.pipeInput("u-3".getBytes(UTF_8), "not json".getBytes(UTF_8));
        rawCheckIns.pipeInput(null, "{}".getBytes(UTF_8));

        PrometheusText scrape = scrape();

        assertThat(scrape.value("reflect_checkins_total", "context", "ROMANTIC"))
                .as("the retry counts once")
                .hasValue(2.0);
        assertThat(scrape.value("reflect_journal_entries_total")).hasValue(1.0);
        assertThat(scrape.value("reflect_triggers_total", "category", "PARTNER_UNRESPONSIVE"))
                .hasValue(2.0);
        assertThat(scrape.value("reflect_triggers_total", "category", "SOCIAL_MEDIA"))
                .hasValue(1.0);
        assertThat(scrape.value("reflect_behaviors_total", "type", "SOUGHT_REASSURANCE"))
                .as("adds counts")
                .hasValue(9.0);
        assertThat(scrape.value("reflect_behaviors_total", "type", "CHECKED_DEVICE"))
                .hasValue(1.0);
        assertThat(scrape.value("reflect_coping_total", "strategy", "CHALLENGED_THOUGHT"))
                .hasValue(1.0);
        assertThat(scrape.value("reflect_alerts_total", "level", "ELEVATED"))
                .as("u-2's 6 asks")
                .hasValue(1.0);
        assertThat(scrape.value("reflect_records_rejected_total", "reason", "not-json"))
                .hasValue(1.0);
        assertThat(scrape.value("reflect_records_rejected_total", "reason", "null-key"))
                .hasValue(1.0);
        assertThat(scrape.value("reflect_user_reassurance_asks_7d", "user", PSEUDONYM.of("u-1")))
                .hasValue(3.0);
        assertThat(scrape.value("reflect_user_escalation_level", "user", PSEUDONYM.of("u-2")))
                .hasValue(1.0);
        assertThat(registry.scrape())
                .doesNotContain("u-1")
                .doesNotContain("u-2")
                .doesNotContain("u-3");
    }

    @Test
    void theDelayHistogramMeasuresProcessingTimeMinusOccurredAt() {
        // Noon on D, processed at 14:00: two hours late. An offline entry from 10 days ago.
        send(checkIn("u-1", D).build(), checkIn("u-1", D.minusDays(10)).build());

        PrometheusText scrape = scrape();

        assertThat(scrape.value("reflect_event_delay_seconds_count")).hasValue(2.0);
        assertThat(scrape.value("reflect_event_delay_seconds_sum")).hasValue(2 * 3600.0 + 10 * 86400 + 2 * 3600.0);
        assertThat(scrape.value("reflect_event_delay_seconds_bucket", "le", "3600.0"))
                .hasValue(0.0);
        assertThat(scrape.value("reflect_event_delay_seconds_bucket", "le", "21600.0"))
                .hasValue(1.0);
        assertThat(scrape.value("reflect_event_delay_seconds_bucket", "le", "604800.0"))
                .hasValue(1.0);
        assertThat(scrape.value("reflect_event_delay_seconds_bucket", "le", "2592000.0"))
                .hasValue(2.0);
        assertThat(scrape.value("reflect_event_delay_seconds_bucket", "le", "+Inf"))
                .hasValue(2.0);
    }

    @Test
    void withACapOfZeroThereAreNoPerUserSeriesAndNoPseudonymIsNeeded() {
        PrometheusMeterRegistry other = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (StreamsMetrics off = StreamsMetrics.create(other, 0, Optional.empty(), clock)) {
            off.listener().userUpdated(checkIn("u-1", D).build(), UserState.empty());

            assertThat(off.perUser()).isEmpty();
            assertThat(other.scrape()).doesNotContain("reflect_user_").contains("reflect_checkins_total");
        } finally {
            other.close();
        }
    }
}
