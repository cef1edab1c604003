package dev.reflect.notifier.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflect.events.Topics;
import dev.reflect.events.UndeliveredNotification;
import dev.reflect.notifier.delivery.DeliveryCapacity;
import dev.reflect.notifier.delivery.DeliveryMetrics;
import dev.reflect.notifier.delivery.RetryPolicy;
import dev.reflect.notifier.support.AlertJson;
import dev.reflect.notifier.support.ScriptedDeliverer;
import dev.reflect.notifier.support.ScriptedDeliverer.Attempt;
import dev.reflect.notifier.support.TestEndpoints;
import dev.reflect.notifier.webhook.Identities;
import dev.reflect.service.privacy.Pseudonym;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outbox processor under TopologyTestDriver, with a deliverer whose answers the test gives and a
 * wall clock the test moves: what is queued, attempted, retried, dead-lettered and counted.
 */
class OutboxTopologyTest {

    private static final Instant START = Instant.parse("2026-12-04T09:00:00Z");
    private static final RetryPolicy RETRY = new RetryPolicy(3, Duration.ofSeconds(10), Duration.ofMinutes(5));
    private static final Identities IDS = new Identities(
            Pseudonym.withSecret("topology-test-pseudonym-secret-0123456789".getBytes(StandardCharsets.UTF_8)));

    @TempDir
    Path stateDir;

    private final ScriptedDeliverer deliverer = new ScriptedDeliverer();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private TopologyTestDriver driver;
    private TestInputTopic<String, String> alerts;
    private TestOutputTopic<String, UndeliveredNotification> deadLetters;

    private void start(DeliveryCapacity capacity, String... clinicians) {
        DeliveryMetrics metrics =
                new DeliveryMetrics(registry, capacity, Clock.fixed(START.plusSeconds(3600), ZoneOffset.UTC));
        DeliverySettings settings = new DeliverySettings(
                TestEndpoints.forClinicians(clinicians), IDS, Optional.empty(), RETRY, Duration.ofMillis(100));
        Properties props = NotifierStreamsConfig.base(Map.of("bootstrap.servers", "unused:9092"), "notifier-test");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(UnreadableAlerts.METRICS_CONFIG, metrics);
        driver = new TopologyTestDriver(
                NotifierTopology.build(settings, new DeliveryRuntime(deliverer, capacity, metrics, () -> 0.5)),
                props,
                START);
        alerts = driver.createInputTopic(Topics.ALERTS.name(), new StringSerializer(), new StringSerializer());
        deadLetters = driver.createOutputTopic(
                Topics.NOTIFIER_DEADLETTER.name(),
                Topics.NOTIFIER_DEADLETTER.keySerde().deserializer(),
                Topics.NOTIFIER_DEADLETTER.valueSerde().deserializer());
    }

    private void start(String... clinicians) {
        start(new DeliveryCapacity(64, 2), clinicians);
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void anAlertIsSentAtOnceToEachNamedClinicianWithAnEndpointAndTheOthersAreCounted() {
        start("c-1", "c-2");
        AlertJson alert = AlertJson.of("u-1", "c-1", "c-2", "c-without-endpoint", "c-1");

        alerts.pipeInput(alert.userId(), alert.json());

        assertThat(deliverer.attempts())
                .extracting(a -> a.delivery().clinicianId())
                .containsExactlyInAnyOrder("c-1", "c-2");
        assertThat(deliverer.attempts())
                .extracting(a -> a.delivery().webhookId())
                .containsExactlyInAnyOrder(
                        IDS.webhookId(alert.alertId(), "c-1"), IDS.webhookId(alert.alertId(), "c-2"));
        assertThat(deliverer.attempts())
                .allSatisfy(a ->
                        assertThat(a.delivery().body()).doesNotContain("u-1").contains("\"level\":\"HIGH\""));
        assertThat(count("reflect.notifier.deliveries", "outcome", "no_endpoint"))
                .isEqualTo(1);
        assertThat(gauge("reflect.notifier.pending")).isEqualTo(2);
        assertThat(gauge("reflect.notifier.in.flight")).isEqualTo(2);
    }

    @Test
    void aDeliveredWebhookLeavesTheOutboxAndIsNotSentAgain() {
        start("c-1");
        alerts.pipeInput("u-1", AlertJson.of("u-1", "c-1").json());

        deliverer.last().delivered();
        takeAnswers();
        driver.advanceWallClockTime(Duration.ofHours(2));

        assertThat(deliverer.attempts()).hasSize(1);
        assertThat(count("reflect.notifier.deliveries", "outcome", "delivered")).isEqualTo(1);
        assertThat(count("reflect.notifier.attempts", "result", "delivered")).isEqualTo(1);
        assertThat(gauge("reflect.notifier.pending")).isZero();
        assertThat(gauge("reflect.notifier.in.flight")).isZero();
    }

    @Test
    void aFailedWebhookIsSentAgainAfterItsBackoffWithTheSameIdAndBody() {
        start("c-1");
        alerts.pipeInput("u-1", AlertJson.of("u-1", "c-1").json());
        Attempt first = deliverer.last();

        first.failed(503);
        takeAnswers();
        // With the jitter at 0.5, the wait after the first failure is 7.5 s of its 10 s ceiling.
        driver.advanceWallClockTime(Duration.ofSeconds(7));
        assertThat(deliverer.attempts()).hasSize(1);
        driver.advanceWallClockTime(Duration.ofMillis(600));

        assertThat(deliverer.attempts()).hasSize(2);
        Attempt second = deliverer.last();
        assertThat(second.delivery().webhookId()).isEqualTo(first.delivery().webhookId());
        assertThat(second.delivery().body()).isEqualTo(first.delivery().body());
        assertThat(second.delivery().attempts()).isEqualTo(1);
        assertThat(second.delivery().lastResult()).isEqualTo("http 503");
        assertThat(count("reflect.notifier.attempts", "result", "rejected")).isEqualTo(1);
    }

    @Test
    void afterItsLastAttemptAWebhookIsDeadLetteredWhole() {
        start("c-1");
        AlertJson alert = AlertJson.of("u-1", "c-1");
        alerts.pipeInput("u-1", alert.json());
        for (int attempt = 1; attempt <= RETRY.maxAttempts(); attempt++) {
            assertThat(deliverer.attempts()).hasSize(attempt);
            deliverer.last().failed(500);
            takeAnswers();
            driver.advanceWallClockTime(Duration.ofMinutes(10));
        }

        UndeliveredNotification dead = deadLetters.readValue();
        assertThat(dead.webhookId()).isEqualTo(IDS.webhookId(alert.alertId(), "c-1"));
        assertThat(dead.clinicianId()).isEqualTo("c-1");
        assertThat(dead.attempts()).isEqualTo(3);
        assertThat(dead.lastResult()).isEqualTo("http 500");
        assertThat(dead.queuedAt()).isEqualTo(START);
        assertThat(dead.body()).isEqualTo(deliverer.attempts().get(0).delivery().body());
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(deliverer.attempts()).hasSize(3);
        assertThat(count("reflect.notifier.deliveries", "outcome", "given_up")).isEqualTo(1);
        assertThat(gauge("reflect.notifier.pending")).isZero();
    }

    @Test
    void goneIsGivenUpAtOnce() {
        start("c-1");
        alerts.pipeInput("u-1", AlertJson.of("u-1", "c-1").json());

        deliverer.last().failed(410);
        takeAnswers();

        assertThat(deadLetters.readValue().lastResult()).isEqualTo("gone (http 410)");
        assertThat(count("reflect.notifier.attempts", "result", "gone")).isEqualTo(1);
        driver.advanceWallClockTime(Duration.ofHours(1));
        assertThat(deliverer.attempts()).hasSize(1);
    }

    @Test
    void theSameAlertAgainWhileItsWebhookIsQueuedIsNotQueuedTwice() {
        start("c-1");
        AlertJson alert = AlertJson.of("u-1", "c-1");

        alerts.pipeInput("u-1", alert.json());
        alerts.pipeInput("u-1", alert.json());

        assertThat(deliverer.attempts()).hasSize(1);
        assertThat(gauge("reflect.notifier.pending")).isEqualTo(1);
    }

    @Test
    void anEndpointThatDoesNotAnswerHoldsOnlyItsOwnSlotsAndOtherCliniciansAreSentAtOnce() {
        start(new DeliveryCapacity(4, 2), "c-slow", "c-fast");
        for (int i = 0; i < 10; i++) {
            alerts.pipeInput("u-" + i, AlertJson.of("u-" + i, "c-slow").json());
        }
        assertThat(deliverer.open()).hasSize(2);

        alerts.pipeInput("u-x", AlertJson.of("u-x", "c-fast").json());

        assertThat(deliverer.open())
                .extracting(a -> a.delivery().clinicianId())
                .containsExactlyInAnyOrder("c-slow", "c-slow", "c-fast");
        deliverer.last().delivered();
        takeAnswers();
        assertThat(count("reflect.notifier.deliveries", "outcome", "delivered")).isEqualTo(1);
        assertThat(gauge("reflect.notifier.pending")).isEqualTo(10);
        // The oldest of the slow endpoint's webhooks has waited since START (the gauge's clock is an hour on).
        assertThat(gauge("reflect.notifier.oldest.undelivered.age")).isEqualTo(3600);
    }

    @Test
    void anUnreadableAlertIsSkippedAndCountedAndTheNextOneIsSent() {
        start("c-1");
        TestInputTopic<String, byte[]> raw =
                driver.createInputTopic(Topics.ALERTS.name(), new StringSerializer(), new ByteArraySerializer());

        raw.pipeInput("u-1", "{\"alertId\": \"not an alert\"".getBytes(StandardCharsets.UTF_8));
        alerts.pipeInput("u-2", AlertJson.of("u-2", "c-1").json());

        assertThat(count("reflect.notifier.alerts.unreadable", null, null)).isEqualTo(1);
        assertThat(deliverer.attempts()).hasSize(1);
    }

    @Test
    void anAlertThatNamesNobodyOrHasNoNotifyFieldSendsNothing() {
        start("c-1");

        alerts.pipeInput("u-1", AlertJson.of("u-1").json());
        alerts.pipeInput("u-2", withField(AlertJson.of("u-2").json(), "\"notify\":[]"));
        alerts.pipeInput("u-3", withField(AlertJson.of("u-3").json(), "\"notify\":null"));
        driver.advanceWallClockTime(Duration.ofHours(1));

        assertThat(deliverer.attempts()).isEmpty();
        assertThat(gauge("reflect.notifier.pending")).isZero();
        assertThat(count("reflect.notifier.alerts.unreadable", null, null)).isZero();
    }

    @Test
    void theNotifyFieldIsReadFromTheRecordWhateverElseTheAlertCarries() {
        start("c-1");
        // A field this notifier does not know (a later version of the alert) does not stop it.
        String later = withField(AlertJson.of("u-1", "c-1").json(), "\"since\":\"2026-12-01\"");

        alerts.pipeInput("u-1", later);

        assertThat(deliverer.attempts())
                .singleElement()
                .satisfies(a -> assertThat(a.delivery().clinicianId()).isEqualTo("c-1"));
    }

    @Test
    void anAlertWithABlankClinicianIdIsUnreadableAndSendsNothing() {
        start("c-1");

        alerts.pipeInput("u-1", AlertJson.of("u-1", "c-1", " ").json());

        assertThat(deliverer.attempts()).isEmpty();
        assertThat(count("reflect.notifier.alerts.unreadable", null, null)).isEqualTo(1);
    }

    /** {@code json}, an object, with {@code field} ({@code "name":value}) added last. */
    private static String withField(String json, String field) {
        return json.substring(0, json.length() - 1) + "," + field + "}";
    }

    /** One tick of the processor (100 ms here), in which it takes in the answers given so far. */
    private void takeAnswers() {
        driver.advanceWallClockTime(Duration.ofMillis(100));
    }

    private double count(String name, String tag, String value) {
        var search = registry.find(name);
        if (tag != null) {
            search = search.tag(tag, value);
        }
        return search.counter().count();
    }

    private double gauge(String name) {
        return registry.find(name).gauge().value();
    }
}
