package dev.reflect.streams.metrics;

import static dev.reflect.streams.query.QueryClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.reflect.events.BehaviorType;
import dev.reflect.events.Context;
import dev.reflect.events.CopingStrategy;
import dev.reflect.events.EscalationLevel;
import dev.reflect.events.Topics;
import dev.reflect.events.TriggerCategory;
import dev.reflect.producer.IngestApp;
import dev.reflect.producer.IngestConfig;
import dev.reflect.producer.ratelimit.RateLimit;
import dev.reflect.service.auth.DevTokens;
import dev.reflect.service.auth.JwtSettings;
import dev.reflect.service.config.KafkaClientConfig;
import dev.reflect.service.metrics.ServiceMetrics;
import dev.reflect.service.privacy.Pseudonym;
import dev.reflect.streams.app.StreamsApp;
import dev.reflect.streams.app.StreamsAppConfig;
import dev.reflect.streams.deadletter.DeadLetterReason;
import dev.reflect.streams.query.QueryClient;
import dev.reflect.streams.topology.TopologySettings;
import dev.reflect.testkit.KafkaCluster;
import dev.reflect.testkit.WithKafka;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Both services' {@code /metrics} after real traffic: events through the ingest service's HTTP API
 * into the in-JVM broker, through the topology, scraped from both services over HTTP. The streams
 * app reads the shared contract topics from the start, so population counters include other tests'
 * events and are asserted as lower bounds; this test's users and the ingest service's own counters
 * are exact.
 */
@WithKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsIT {

    private static final byte[] SECRET = "metrics-it-jwt-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final Pseudonym PSEUDONYM =
            Pseudonym.withSecret("metrics-it-pseudonym-secret-0123456789".getBytes(StandardCharsets.UTF_8));
    private static final ZoneOffset OFFSET = ZoneOffset.ofHours(2);

    private final String alice = "u-metrics-alice-" + UUID.randomUUID();
    private final String bob = "u-metrics-bob-" + UUID.randomUUID();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ListAppender<ILoggingEvent> metricsLog = new ListAppender<>();
    private final ListAppender<ILoggingEvent> micrometerLog = new ListAppender<>();
    private IngestApp ingest;
    private StreamsApp streams;
    private QueryClient query;
    private String streamsScrape;
    private String ingestScrape;

    @BeforeAll
    void runTraffic(KafkaCluster kafka, @TempDir Path stateDir) {
        metricsLog.start();
        ((Logger) LoggerFactory.getLogger(ServiceMetrics.class)).addAppender(metricsLog);
        micrometerLog.start();
        ((Logger) LoggerFactory.getLogger("io.micrometer")).addAppender(micrometerLog);
        kafka.createTopics(6, Topics.ALL.stream().map(topic -> topic.name()).toArray(String[]::new));
        ingest = IngestApp.create(new IngestConfig(
                        "127.0.0.1",
                        0,
                        JwtSettings.hs256(SECRET),
                        KafkaClientConfig.forBootstrapServers(kafka.bootstrapServers()),
                        Duration.ofSeconds(10),
                        RateLimit.OFF))
                .start();
        streams = StreamsApp.create(new StreamsAppConfig(
                        "127.0.0.1",
                        0,
                        "127.0.0.1",
                        stateDir,
                        "reflect-metrics-it-" + UUID.randomUUID(),
                        0,
                        JwtSettings.hs256(SECRET),
                        Optional.of(PSEUDONYM),
                        KafkaClientConfig.forBootstrapServers(kafka.bootstrapServers()),
                        TopologySettings.defaults()))
                .start();
        query = new QueryClient(streams.port());

        OffsetDateTime now = OffsetDateTime.now(OFFSET);
        String retried = checkIn(
                now.minusMinutes(1),
                Context.FAMILY,
                8,
                List.of(TriggerCategory.PLANS_CHANGED),
                List.of(BehaviorType.WITHDREW),
                1,
                List.of());
        // Alice: three device checks in 7 days make her HIGH.
        submit(
                alice,
                "/v1/check-ins",
                checkIn(
                        now.minusDays(1),
                        Context.ROMANTIC,
                        6,
                        List.of(TriggerCategory.PARTNER_UNRESPONSIVE, TriggerCategory.SOCIAL_MEDIA),
                        List.of(BehaviorType.SOUGHT_REASSURANCE, BehaviorType.CHECKED_DEVICE),
                        3,
                        List.of(CopingStrategy.CHALLENGED_THOUGHT)),
                202);
        submit(alice, "/v1/check-ins", retried, 202);
        submit(alice, "/v1/check-ins", retried, 202);
        submit(alice, "/v1/journal-entries", """
                {"eventId":"%s","occurredAt":"%s","text":"private words",
                 "thoughtRecord":{"automaticThought":"a","evidenceFor":"b","evidenceAgainst":"c",
                                  "balancedThought":"d","beliefBefore":80,"beliefAfter":35}}""".formatted(UUID.randomUUID(), now.minusMinutes(2)), 202);
        submit(alice, "/v1/check-ins", checkIn(now, Context.ROMANTIC, 11, List.of(), List.of(), 1, List.of()), 400);
        submit(
                bob,
                "/v1/check-ins",
                checkIn(now.minusHours(1), Context.WORK, 3, List.of(), List.of(), 1, List.of()),
                202);

        await("Kafka Streams RUNNING")
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> streams.state() == KafkaStreams.State.RUNNING);
        String aliceLabel = PSEUDONYM.of(alice);
        // An alert leaves only once its level has settled (the alert settle delay), after the census.
        await("alice's and bob's events in the per-user series, the census of the HIGH level and its alert")
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    PrometheusText scrape = PrometheusText.parse(scrape(streams.port()));
                    return scrape.value(PerUserMetrics.DISTRESS_AVG, "user", aliceLabel)
                                            .orElse(0.0)
                                    == 7.0
                            && scrape.value(PerUserMetrics.ESCALATION_LEVEL, "user", PSEUDONYM.of(bob))
                                    .isPresent()
                            && scrape.value("reflect_users_escalation", "level", "HIGH")
                                            .orElse(0.0)
                                    >= 1
                            && scrape.value("reflect_alerts_total", "level", "HIGH")
                                            .orElse(0.0)
                                    >= 1;
                });
        // Consumer lag per partition exists only once partitions are assigned; its arrival shows the
        // Kafka binder has looked again since, so a clash of Kafka metrics would have been logged by now.
        await("Kafka metrics registered after the assignment")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() ->
                        PrometheusText.parse(scrape(streams.port()))
                                .named("kafka_consumer_fetch_manager_records_lag")
                                .stream()
                                .anyMatch(sample -> sample.labels().containsKey("partition")));
        streamsScrape = scrape(streams.port());
        ingestScrape = scrape(ingest.port());
    }

    @AfterAll
    void stop() {
        if (streams != null) {
            streams.stop();
        }
        if (ingest != null) {
            ingest.stop();
        }
        ((Logger) LoggerFactory.getLogger(ServiceMetrics.class)).detachAppender(metricsLog);
        ((Logger) LoggerFactory.getLogger("io.micrometer")).detachAppender(micrometerLog);
    }

    private static String checkIn(
            OffsetDateTime at,
            Context context,
            int distress,
            List<TriggerCategory> triggers,
            List<BehaviorType> behaviors,
            int count,
            List<CopingStrategy> coping) {
        return """
                {"eventId":"%s","occurredAt":"%s","context":"%s","distress":%d,
                 "triggers":[%s],"behaviors":[%s],"coping":[%s],"note":"a private note"}""".formatted(
                UUID.randomUUID(),
                at,
                context,
                distress,
                String.join(
                        ",",
                        triggers.stream()
                                .map(t -> "{\"category\":\"" + t + "\"}")
                                .toList()),
                String.join(
                        ",",
                        behaviors.stream()
                                .map(b -> "{\"type\":\"" + b + "\",\"count\":" + count + "}")
                                .toList()),
                String.join(",", coping.stream().map(c -> "\"" + c + "\"").toList()));
    }

    private void submit(String userId, String path, String body, int expectedStatus) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingest.port() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + DevTokens.mint(SECRET, userId, false))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        assertThat(send(request).statusCode()).as("ingest answer to " + path).isEqualTo(expectedStatus);
    }

    private String scrape(int port) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(ServiceMetrics.CONTENT_TYPE);
        return response.body();
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void perUserSeriesCarryThePseudonymAndTheFiguresOfTheLastSevenDays() {
        PrometheusText scrape = PrometheusText.parse(streamsScrape);
        String user = PSEUDONYM.of(alice);

        assertThat(scrape.value(PerUserMetrics.REASSURANCE_ASKS, "user", user)).hasValue(3.0);
        assertThat(scrape.value(PerUserMetrics.DEVICE_CHECKS, "user", user)).hasValue(3.0);
        assertThat(scrape.value(PerUserMetrics.TRIGGERS, "user", user, "category", "PARTNER_UNRESPONSIVE"))
                .hasValue(1.0);
        assertThat(scrape.value(PerUserMetrics.TRIGGERS, "user", user, "category", "SOCIAL_MEDIA"))
                .hasValue(1.0);
        assertThat(scrape.value(PerUserMetrics.TRIGGERS, "user", user, "category", "PLANS_CHANGED"))
                .as("the retried check-in counts once")
                .hasValue(1.0);
        assertThat(scrape.value(PerUserMetrics.DISTRESS_AVG, "user", user)).hasValue(7.0);
        assertThat(scrape.value(PerUserMetrics.COPING_RATIO, "user", user))
                .as("as the progress API rounds it")
                .hasValue(0.33);
        assertThat(scrape.value(PerUserMetrics.ESCALATION_LEVEL, "user", user)).hasValue(2.0);
        assertThat(scrape.value(PerUserMetrics.ESCALATION_LEVEL, "user", PSEUDONYM.of(bob)))
                .hasValue(0.0);
        assertThat(scrape.value(PerUserMetrics.COPING_RATIO, "user", PSEUDONYM.of(bob)))
                .as("no triggers")
                .isEmpty();
    }

    @Test
    void theProgressApiNamesThePseudonymOfTheSeries() {
        String own = DevTokens.mint(SECRET, alice, false);

        HttpResponse<String> progress = query.get("/v1/users/" + alice + "/progress?days=7", own);

        assertThat(progress.statusCode()).isEqualTo(200);
        assertThat(json(progress).path("pseudonym").asText()).isEqualTo(PSEUDONYM.of(alice));
        assertThat(streamsScrape)
                .contains("user=\"" + json(progress).path("pseudonym").asText() + "\"");
    }

    @Test
    void populationMetricsHaveTheContractsNamesAndLabels() {
        PrometheusText scrape = PrometheusText.parse(streamsScrape);

        assertThat(scrape.value("reflect_checkins_total", "context", "ROMANTIC").orElseThrow())
                .isGreaterThanOrEqualTo(1);
        assertThat(scrape.value("reflect_checkins_total", "context", "FAMILY").orElseThrow())
                .isGreaterThanOrEqualTo(1);
        assertThat(scrape.value("reflect_checkins_total", "context", "WORK").orElseThrow())
                .isGreaterThanOrEqualTo(1);
        assertThat(scrape.value("reflect_journal_entries_total").orElseThrow()).isGreaterThanOrEqualTo(1);
        assertThat(scrape.value("reflect_triggers_total", "category", "PARTNER_UNRESPONSIVE")
                        .orElseThrow())
                .isGreaterThanOrEqualTo(1);
        assertThat(scrape.value("reflect_behaviors_total", "type", "CHECKED_DEVICE")
                        .orElseThrow())
                .isGreaterThanOrEqualTo(3);
        assertThat(scrape.value("reflect_coping_total", "strategy", "CHALLENGED_THOUGHT")
                        .orElseThrow())
                .isGreaterThanOrEqualTo(1);
        assertThat(scrape.value("reflect_alerts_total", "level", "HIGH").orElseThrow())
                .isGreaterThanOrEqualTo(1);
        for (EscalationLevel level : EscalationLevel.values()) {
            assertThat(scrape.value("reflect_users_escalation", "level", level.name()))
                    .as(level.name())
                    .isPresent();
        }
        assertThat(scrape.value("reflect_users_escalation", "level", "HIGH").orElseThrow())
                .isGreaterThanOrEqualTo(1);
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            assertThat(scrape.value("reflect_records_rejected_total", "reason", reason.code()))
                    .as(reason.code())
                    .isPresent();
        }
        assertThat(scrape.value("reflect_event_delay_seconds_count").orElseThrow())
                .isGreaterThanOrEqualTo(4);
        assertThat(scrape.value("reflect_event_delay_seconds_bucket", "le", "+Inf")
                        .orElseThrow())
                .isGreaterThanOrEqualTo(4);
        assertThat(streamsScrape)
                .contains("# TYPE reflect_event_delay_seconds histogram")
                .contains("# TYPE reflect_users_escalation gauge")
                .contains("# TYPE reflect_user_escalation_level gauge");
    }

    @Test
    void kafkaStreamsClientsHttpAndJvmMetricsAreExported() {
        PrometheusText scrape = PrometheusText.parse(streamsScrape);

        for (String name : List.of(
                "kafka_stream_thread_process_rate",
                "kafka_stream_thread_commit_rate",
                "kafka_consumer_fetch_manager_records_lag_max",
                "kafka_consumer_fetch_manager_records_lag",
                "kafka_producer_record_send_total",
                "jvm_memory_used_bytes",
                "process_cpu_seconds_total",
                "http_server_requests_seconds_bucket")) {
            assertThat(scrape.named(name)).as(name).isNotEmpty();
        }
        assertThat(streamsScrape)
                .as("left out on purpose, see StreamsMetrics")
                .doesNotContain("kafka_stream_state_")
                .doesNotContain("records_lead")
                .doesNotContain("preferred_read_replica");
    }

    @Test
    void theIngestServiceCountsEachEventByTypeAndOutcome() {
        PrometheusText scrape = PrometheusText.parse(ingestScrape);

        assertThat(scrape.value("reflect_ingest_events_total", "type", "checkin", "outcome", "accepted"))
                .hasValue(4.0);
        assertThat(scrape.value("reflect_ingest_events_total", "type", "checkin", "outcome", "rejected"))
                .hasValue(1.0);
        assertThat(scrape.value("reflect_ingest_events_total", "type", "checkin", "outcome", "failed"))
                .hasValue(0.0);
        assertThat(scrape.value("reflect_ingest_events_total", "type", "journal", "outcome", "accepted"))
                .hasValue(1.0);
        assertThat(scrape.value(
                        "http_server_requests_seconds_count",
                        "method",
                        "POST",
                        "uri",
                        "/v1/check-ins",
                        "status",
                        "202"))
                .hasValue(4.0);
        assertThat(scrape.value(
                        "http_server_requests_seconds_count",
                        "method",
                        "POST",
                        "uri",
                        "/v1/check-ins",
                        "status",
                        "400"))
                .hasValue(1.0);
        for (String name :
                List.of("kafka_producer_record_send_total", "jvm_memory_used_bytes", "process_cpu_seconds_total")) {
            assertThat(scrape.named(name)).as(name).isNotEmpty();
        }
    }

    @Test
    void noUserIdNoteOrJournalTextAppearsInEitherScrape() {
        for (String scrape : List.of(streamsScrape, ingestScrape)) {
            assertThat(scrape)
                    .doesNotContain(alice)
                    .doesNotContain(bob)
                    .doesNotContain("u-metrics-")
                    .doesNotContain("private");
        }
    }

    @Test
    void noMeterWasRefusedOrRegisteredTwice() {
        assertThat(metricsLog.list)
                .extracting(ILoggingEvent::getFormattedMessage)
                .noneMatch(message -> message.contains(ServiceMetrics.REGISTRATION_FAILED));
        // Micrometer warns about a meter registered twice, e.g. by a Kafka binder refresh.
        assertThat(micrometerLog.list)
                .filteredOn(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
                .extracting(ILoggingEvent::getFormattedMessage)
                .isEmpty();
    }

    @Test
    void promtoolFindsNothingToLintInEitherScrape() {
        Path promtool = Promtool.requireOrSkip();

        for (String scrape : List.of(streamsScrape, ingestScrape)) {
            Promtool.Result result = Promtool.checkMetrics(promtool, scrape);
            assertThat(result.exitCode())
                    .as("promtool check metrics:\n" + result.output())
                    .isZero();
        }
    }
}
