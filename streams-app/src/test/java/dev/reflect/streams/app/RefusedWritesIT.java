package dev.reflect.streams.app;

import static dev.reflect.streams.EventFixtures.checkIn;
import static dev.reflect.streams.query.QueryClient.json;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.reflect.events.Alert;
import dev.reflect.events.BehaviorType;
import dev.reflect.events.CheckIn;
import dev.reflect.events.EscalationLevel;
import dev.reflect.events.Topics;
import dev.reflect.kafka.embedded.EmbeddedKafkaBroker;
import dev.reflect.service.auth.DevTokens;
import dev.reflect.streams.deadletter.DeadLetters;
import dev.reflect.streams.query.QueryClient;
import dev.reflect.streams.topology.InputPartitioning;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Stream threads die and are replaced on purpose here, so no wait takes their exceptions for the
 * test's own ({@code dontCatchUncaughtExceptions}).
 *
 * <p>A write the broker refuses never stalls a partition in silence (issue 18), on a real broker of
 * this test's own, with one topic setting changed the way a mistake in production changes it:
 * an alert larger than its topic takes is dead-lettered and counted while everyone else's figures
 * go on; a dead letter the dead-letter topic refuses too is logged without content and dropped; a
 * changelog that refuses writes stops the task loudly, takes readiness down with a reason, and the
 * app still shuts down in time; once the setting is fixed, nothing is lost or doubled.
 */
class RefusedWritesIT {

    private static final byte[] SECRET = "refused-writes-it-secret-0123456789abcdef".getBytes(UTF_8);
    private static final int PARTITIONS = 3;
    private static final Pattern METRIC = Pattern.compile("^(\\w+)(\\{[^}]*})? (\\S+)$", Pattern.MULTILINE);

    @TempDir
    Path brokerDir;

    @TempDir
    Path stateDir;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final LocalDate today = LocalDate.now(ZoneOffset.UTC);
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private EmbeddedKafkaBroker broker;
    private StreamsApp app;
    private Admin admin;
    private String escalating;
    private String bystander;

    @BeforeEach
    void start() {
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
        // As in production: a deleted topic stays deleted until someone creates it again.
        broker = EmbeddedKafkaBroker.builder()
                .dataDir(brokerDir)
                .config("auto.create.topics.enable", "false")
                .build()
                .start();
        broker.createTopics(
                PARTITIONS, Topics.ALL.stream().map(topic -> topic.name()).toArray(String[]::new));
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
        // Two people whose events share a partition, so share a task: one escalates, one does not.
        InputPartitioning partitioning = new InputPartitioning(PARTITIONS);
        escalating = "u-escalating-" + run;
        String candidate = null;
        for (int i = 0; candidate == null; i++) {
            String id = "u-bystander-" + run + "-" + i;
            if (partitioning.partitionOf(id) == partitioning.partitionOf(escalating)) {
                candidate = id;
            }
        }
        bystander = candidate;
        app = startApp();
    }

    /**
     * The app, waiting at most 5 s for metadata of a topic it writes to, so a missing topic shows
     * quickly.
     */
    private StreamsApp startApp() {
        StreamsApp started = StreamsApp.create(StreamsApps.config(
                        broker.bootstrapServers(),
                        // A replaced stream thread's consumer does not leave the group (Kafka Streams
                        // never sends a leave on close): its tasks wait out the session, so keep that short.
                        Map.of("REFLECT_KAFKA_MAX_BLOCK_MS", "5000", "REFLECT_KAFKA_SESSION_TIMEOUT_MS", "6000"),
                        SECRET,
                        "reflect-refused-" + run,
                        stateDir))
                .start();
        StreamsApps.awaitRunning(started);
        return started;
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        if (app != null) {
            app.stop();
        }
        if (admin != null) {
            admin.close();
        }
        if (broker != null) {
            broker.close();
        }
        // Whatever went wrong, no log line carried a person's id.
        assertThat(logs.list)
                .allSatisfy(event -> assertThat(event.getFormattedMessage())
                        .doesNotContain(escalating)
                        .doesNotContain(bystander));
    }

    @Test
    void anAlertLargerThanItsTopicTakesIsDeadLetteredAndEveryoneElseGoesOn() {
        setMaxMessageBytes(Topics.ALERTS.name(), 300);

        send(checkIn(escalating, today.minusDays(1)).behavior(BehaviorType.SOUGHT_REASSURANCE, 6));
        send(checkIn(bystander, today.minusDays(1)).behavior(BehaviorType.SOUGHT_REASSURANCE, 1));

        await("the too-large alert on the dead-letter topic")
                .dontCatchUncaughtExceptions()
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> deadLettersOf(escalating).size() == 1);
        ConsumerRecord<byte[], byte[]> letter = deadLettersOf(escalating).get(0);
        assertThat(DeadLetters.header(letter.headers(), DeadLetters.REASON)).isEqualTo("output-too-large");
        assertThat(DeadLetters.header(letter.headers(), DeadLetters.SOURCE_TOPIC))
                .isEqualTo(Topics.ALERTS.name());
        assertThat(new String(letter.value(), UTF_8)).contains("\"level\":\"ELEVATED\"");
        awaitFigures(bystander, 1);
        assertThat(level(escalating)).isEqualTo("ELEVATED");
        await("counted under its reason")
                .dontCatchUncaughtExceptions()
                .atMost(Duration.ofSeconds(30))
                .until(() -> metric("reflect_records_rejected_total", "reason=\"output-too-large\"") == 1.0);
        assertThat(logs.list)
                .anySatisfy(event -> assertThat(event.getFormattedMessage())
                        .contains(Topics.ALERTS.name())
                        .containsAnyOf("dead-letter topic"));
        awaitReady();

        // Fixed: the next change is announced on the alerts topic, once; the first stays a dead letter.
        setMaxMessageBytes(Topics.ALERTS.name(), 1_048_588);
        await("the app reads the fixed limit")
                .dontCatchUncaughtExceptions()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> metric("reflect_output_max_bytes", "topic=\"" + Topics.ALERTS.name() + "\"") > 1_000_000);
        // Now, not noon: before 12:00 UTC a check-in at noon today lies in the future and is refused.
        send(checkIn(escalating, java.time.OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(5))
                .behavior(BehaviorType.CHECKED_DEVICE, 3));
        await("the next alert")
                .dontCatchUncaughtExceptions()
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> alertsOf(escalating).size() == 1);
        assertThat(alertsOf(escalating)).singleElement().satisfies(alert -> {
            assertThat(alert.level()).isEqualTo(EscalationLevel.HIGH);
            assertThat(alert.previousLevel()).isEqualTo(EscalationLevel.ELEVATED);
        });
        assertThat(deadLettersOf(escalating)).hasSize(1);
    }

    @Test
    void aDeadLetterTheDeadLetterTopicRefusesTooIsLoggedWithoutContentAndDropped() {
        setMaxMessageBytes(Topics.ALERTS.name(), 300);
        setMaxMessageBytes(Topics.DEADLETTER.name(), 300);

        send(checkIn(escalating, today.minusDays(1)).behavior(BehaviorType.SOUGHT_REASSURANCE, 6));
        send(checkIn(bystander, today.minusDays(1)).behavior(BehaviorType.SOUGHT_REASSURANCE, 1));

        await("the dropped dead letter counted")
                .dontCatchUncaughtExceptions()
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> metric("reflect_dead_letters_dropped_total", null) == 1.0);
        awaitFigures(bystander, 1);
        assertThat(level(escalating)).isEqualTo("ELEVATED");
        assertThat(alertsOf(escalating)).isEmpty();
        assertThat(deadLettersOf(escalating)).isEmpty();
        assertThat(logs.list)
                .anySatisfy(event -> assertThat(event.getFormattedMessage())
                        .contains("dead letter")
                        .contains("dropped")
                        .contains(Topics.DEADLETTER.name()));
        awaitReady();
    }

    @Test
    void aChangelogThatRefusesWritesStopsTheTaskVisiblyAndNothingIsLostOnceFixed() throws Exception {
        String changelog = "reflect-refused-" + run + "-reflect-user-state-changelog";
        send(checkIn(bystander, today.minusDays(2)).behavior(BehaviorType.SOUGHT_REASSURANCE, 1));
        awaitFigures(bystander, 1);
        // Smaller than a person's state, larger than a transaction marker: with less the broker's
        // transaction coordinator cannot finish any transaction, which is another failure.
        setMaxMessageBytes(changelog, 100);

        send(checkIn(escalating, today.minusDays(1)).behavior(BehaviorType.SOUGHT_REASSURANCE, 2));
        send(checkIn(bystander, today.minusDays(1)).behavior(BehaviorType.SOUGHT_REASSURANCE, 1));

        QueryClient query = new QueryClient(app.port());
        await("readiness down, naming the changelog")
                .dontCatchUncaughtExceptions()
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    HttpResponse<String> ready = query.get("/health/ready", null);
                    return ready.statusCode() == 503
                            && json(ready).path("reason").asText().contains(changelog);
                });
        assertThat(metric("reflect_output_refused_total", "topic=\"changelog\""))
                .isGreaterThanOrEqualTo(1.0);
        assertThat(logs.list)
                .anySatisfy(event -> assertThat(event.getFormattedMessage())
                        .contains(changelog)
                        .contains("rather than lose state"));

        // Fixed, and the process restarted as its orchestrator would (liveness fails once the
        // client gives up): every event counted, once.
        setMaxMessageBytes(changelog, 4 * 1024 * 1024);
        app.stop();
        app = startApp();
        awaitFigures(bystander, 2);
        awaitFigures(escalating, 1);
        awaitReady();
    }

    @Test
    void aDeletedAlertsTopicStopsThePartitionVisiblyAndNothingIsLostOnceItIsBack() throws Exception {
        send(checkIn(bystander, today.minusDays(2)).behavior(BehaviorType.SOUGHT_REASSURANCE, 1));
        awaitFigures(bystander, 1);
        admin.deleteTopics(List.of(Topics.ALERTS.name())).all().get(30, TimeUnit.SECONDS);

        send(checkIn(escalating, today.minusDays(1)).behavior(BehaviorType.SOUGHT_REASSURANCE, 6));
        send(checkIn(bystander, today.minusDays(1)).behavior(BehaviorType.SOUGHT_REASSURANCE, 1));

        QueryClient query = new QueryClient(app.port());
        await("readiness down, naming the alerts topic")
                .dontCatchUncaughtExceptions()
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    HttpResponse<String> ready = query.get("/health/ready", null);
                    return ready.statusCode() == 503
                            && json(ready).path("reason").asText().contains(Topics.ALERTS.name());
                });
        assertThat(logs.list)
                .anySatisfy(event -> assertThat(event.getFormattedMessage()).contains(Topics.ALERTS.name()));

        // Back, as an operator recreates it: the alert arrives once, the figures are whole.
        broker.createTopics(PARTITIONS, Topics.ALERTS.name());
        if (app.state() == org.apache.kafka.streams.KafkaStreams.State.ERROR) {
            app.stop();
            app = startApp();
        }
        await("the alert, once")
                .dontCatchUncaughtExceptions()
                .atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> alertsOf(escalating).size() == 1);
        awaitFigures(bystander, 2);
        awaitReady();
        assertThat(alertsOf(escalating))
                .singleElement()
                .satisfies(alert -> assertThat(alert.level()).isEqualTo(EscalationLevel.ELEVATED));
    }

    @Test
    void shutdownCompletesInItsBoundWhileWritesAreRefused() {
        setMaxMessageBytes("reflect-refused-" + run + "-reflect-user-state-changelog", 64);
        send(checkIn(escalating, today.minusDays(1)).behavior(BehaviorType.SOUGHT_REASSURANCE, 2));
        await("a refused write")
                .dontCatchUncaughtExceptions()
                .atMost(Duration.ofSeconds(60))
                .until(() ->
                        logs.list.stream().anyMatch(e -> e.getFormattedMessage().contains("rather than lose state")));

        long began = System.nanoTime();
        app.stop();
        Duration took = Duration.ofNanos(System.nanoTime() - began);

        assertThat(took).isLessThan(StreamsApp.CLOSE_TIMEOUT.plusSeconds(10));
        app = null;
    }

    // --- helpers ----------------------------------------------------------------------------

    private void setMaxMessageBytes(String topic, int bytes) {
        try {
            admin.incrementalAlterConfigs(Map.of(
                            new ConfigResource(ConfigResource.Type.TOPIC, topic),
                            List.of(new AlterConfigOp(
                                    new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(bytes)),
                                    AlterConfigOp.OpType.SET))))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not change " + topic, e);
        }
    }

    private void send(dev.reflect.streams.EventFixtures.CheckInBuilder builder) {
        CheckIn checkIn = builder.receivedAt(java.time.Instant.now()).build();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        broker.bootstrapServers(),
                        ProducerConfig.ACKS_CONFIG,
                        "all"),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(
                            Topics.CHECKINS.name(),
                            checkIn.userId().getBytes(UTF_8),
                            Topics.CHECKINS.valueSerde().serializer().serialize(Topics.CHECKINS.name(), checkIn)))
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void awaitFigures(String person, int checkIns) {
        QueryClient query = new QueryClient(app.port());
        String token = DevTokens.mint(SECRET, person, false);
        await(person + "'s " + checkIns + " check-ins")
                .atMost(Duration.ofSeconds(150))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    HttpResponse<String> response = query.get("/v1/me/progress?days=7", token);
                    return response.statusCode() == 200
                            && json(response).path("window7d").path("checkIns").asInt() == checkIns;
                });
    }

    private void awaitReady() {
        QueryClient query = new QueryClient(app.port());
        await("ready")
                .dontCatchUncaughtExceptions()
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> query.get("/health/ready", null).statusCode() == 200);
    }

    private String level(String person) {
        JsonNode escalation =
                json(new QueryClient(app.port()).get("/v1/me/escalation", DevTokens.mint(SECRET, person, false)));
        return escalation.path("level").asText();
    }

    private double metric(String name, String label) {
        String scrape = new QueryClient(app.port()).get("/metrics", null).body();
        Matcher matcher = METRIC.matcher(scrape);
        double sum = 0;
        while (matcher.find()) {
            if (matcher.group(1).equals(name)
                    && (label == null
                            || (matcher.group(2) != null && matcher.group(2).contains(label)))) {
                sum += Double.parseDouble(matcher.group(3));
            }
        }
        return sum;
    }

    private List<Alert> alertsOf(String person) {
        List<Alert> alerts = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : readAll(Topics.ALERTS.name())) {
            if (person.equals(new String(record.key(), UTF_8))) {
                alerts.add(Topics.ALERTS.valueSerde().deserializer().deserialize(Topics.ALERTS.name(), record.value()));
            }
        }
        return alerts;
    }

    private List<ConsumerRecord<byte[], byte[]>> deadLettersOf(String person) {
        return readAll(Topics.DEADLETTER.name()).stream()
                .filter(record -> record.key() != null && person.equals(new String(record.key(), UTF_8)))
                .toList();
    }

    private List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                                IsolationLevel.READ_COMMITTED.toString().toLowerCase(java.util.Locale.ROOT)),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            Collection<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline
                    && partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }
}
