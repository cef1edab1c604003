package dev.reflect.streams.faults;

import static dev.reflect.streams.query.QueryClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reflect.events.Alert;
import dev.reflect.events.EscalationLevel;
import dev.reflect.events.Json;
import dev.reflect.events.Topics;
import dev.reflect.service.auth.DevTokens;
import dev.reflect.service.auth.JwtSettings;
import dev.reflect.service.config.KafkaClientConfig;
import dev.reflect.service.privacy.Pseudonym;
import dev.reflect.streams.app.StreamsAppConfig;
import dev.reflect.streams.app.TopologyVariables;
import dev.reflect.streams.deadletter.DeadLetters;
import dev.reflect.streams.faults.SyntheticHistory.DayFigures;
import dev.reflect.streams.faults.SyntheticHistory.Episode;
import dev.reflect.streams.faults.SyntheticHistory.InputRecord;
import dev.reflect.streams.faults.SyntheticHistory.Poison;
import dev.reflect.streams.faults.TopicSpans.Span;
import dev.reflect.streams.query.QueryClient;
import dev.reflect.streams.state.StateStores;
import dev.reflect.testkit.KafkaCluster;
import dev.reflect.testkit.TestRecords;
import dev.reflect.testkit.WithKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoublePredicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Contract section 5: "Each change emits exactly one alert, also across restarts and reprocessing
 * (exactly-once). Duplicate eventIds are counted once." The streams app runs as its own process
 * ({@code StreamsMain}) over a several-week history of many users, once undisturbed (the reference)
 * and once on a fresh application id over the very same input records while being killed with
 * SIGKILL mid-stream: restarted on its state directory, killed again, restarted on a wiped state
 * directory (so it restores from the changelogs), and left to finish. Its alerts, dead letters and
 * query answers must then be exactly the reference's, and the per-day figures those counted
 * straight from the input.
 *
 * <p>Both runs read the same records: each application's consumer group is started at the offset
 * where this test's input begins (as the offset-reset tools do), which also keeps records other
 * tests left on the shared topics out of it. Both runs write to the same output topics; the
 * reference has stopped before the crash run starts, so the offsets in between separate them.
 */
@WithKafka
class CrashRecoveryIT {

    private static final Logger LOG = LoggerFactory.getLogger(CrashRecoveryIT.class);
    private static final String SECRET = "crash-recovery-it-secret-0123456789abcdef";
    private static final String PSEUDONYM_SECRET = "crash-recovery-it-pseudonyms-0123456789abcdef";
    /**
     * About 9,000 records: many commits (one per 100 ms under exactly_once_v2) even on an idle
     * machine, so each kill lands mid-stream, and still about a minute in all.
     */
    private static final int USERS = 100;

    private static final long SEED = 20_261_126L;
    private static final Duration PROCESS_START = Duration.ofSeconds(60);
    private static final Duration RUN = Duration.ofSeconds(90);
    private static final Duration READ = Duration.ofSeconds(30);
    /** The first kill waits until this share of the input is committed, so committed alerts exist. */
    private static final double FIRST_KILL_AT = 0.3;
    /**
     * A killed member stays in the group until its session times out, and its partitions wait for
     * it; short here so each restart waits seconds, not Kafka's default 45.
     */
    private static final Map<String, String> GROUP_TIMEOUTS = Map.of(
            "REFLECT_KAFKA_SESSION_TIMEOUT_MS", "6000",
            "REFLECT_KAFKA_HEARTBEAT_INTERVAL_MS", "2000");
    /**
     * Level changes are announced after every event, not once the input has settled: which
     * changes a settled announcement gathers depends on how long the task stood idle (the wall
     * clock), and this test compares runs record by record. Announcing after every event is a
     * function of the input order alone, which both runs share; the settling is tested on its own
     * (EscalationTopologyTest, OrderIndependenceIT).
     */
    private static final Map<String, String> ANNOUNCE_AT_ONCE = Map.of(TopologyVariables.ALERT_SETTLE_MS, "0");

    private static final Map<Poison, String> DEAD_LETTER_REASONS = Map.of(
            Poison.NOT_JSON, "not-json",
            Poison.INVALID_SCHEMA, "invalid-schema",
            Poison.KEY_MISMATCH, "key-mismatch",
            Poison.TOO_OLD, "too-old",
            Poison.NULL_KEY, "null-key");

    KafkaCluster kafka;

    @TempDir
    Path stateDirs;

    private final String runId = UUID.randomUUID().toString().substring(0, 8);
    private final Path logDir = Path.of("target", "crash-recovery-it", runId);
    private final List<StreamsProcess> processes = new ArrayList<>();
    private TopicSpans spans;

    @AfterEach
    void killEveryProcessAndClearTheSharedTopics() {
        processes.forEach(StreamsProcess::close);
        if (spans != null) {
            try {
                // The JVM's tests share the contract topics and run one class at a time. Left here,
                // this test's thousands of records would be read first by every later test's app
                // (they start at the earliest offset), and its alerts by every later test's reader.
                spans.deleteRecordsBefore(spans.endOffsets(
                        Topics.ALL.stream().map(topic -> topic.name()).toArray(String[]::new)));
            } finally {
                spans.close();
            }
        }
    }

    @Test
    void anAppKilledMidStreamAndRestartedEndsWithTheAlertsAndFiguresOfARunThatNeverCrashed() {
        kafka.createTopics(6, Topics.ALL.stream().map(topic -> topic.name()).toArray(String[]::new));
        spans = new TopicSpans(kafka.bootstrapServers());
        // The history ends the day before yesterday: every event is well inside the 90 days accepted.
        LocalDate firstDay = LocalDate.now(ZoneOffset.UTC).minusDays(SyntheticHistory.DAYS + 2L);
        SyntheticHistory history = SyntheticHistory.generate("crash-it-" + runId, USERS, SEED, firstDay, Instant.now());
        List<String> users = history.users();
        Map<TopicPartition, Long> outputStart = spans.endOffsets(Topics.ALERTS.name(), Topics.DEADLETTER.name());
        Span input = produce(history);

        Answers reference = referenceRun(input, users);
        Map<TopicPartition, Long> outputBetween = spans.endOffsets(Topics.ALERTS.name(), Topics.DEADLETTER.name());
        Answers crashed = crashRun(input, users);
        Span referenceOutput = new Span(outputStart, outputBetween);
        Span crashOutput = new Span(outputBetween, spans.endOffsets(Topics.ALERTS.name(), Topics.DEADLETTER.name()));

        Map<String, List<Alert>> expectedAlerts = alertsByUser(referenceOutput, users);
        Map<String, List<Alert>> actualAlerts = alertsByUser(crashOutput, users);
        // Synthetic data only: kept next to the process logs for whoever has to read a failure.
        writeEvidence("reference-alerts.json", expectedAlerts);
        writeEvidence("crash-alerts.json", actualAlerts);
        int aborted = spans.read(Topics.ALERTS.name(), crashOutput, IsolationLevel.READ_UNCOMMITTED, READ)
                        .size()
                - spans.read(Topics.ALERTS.name(), crashOutput, IsolationLevel.READ_COMMITTED, READ)
                        .size();
        LOG.info(
                "{} alerts in the reference; the crash run's killed processes left {} alert records in aborted "
                        + "transactions",
                expectedAlerts.values().stream().mapToInt(List::size).sum(),
                aborted);

        assertScenarioEscalates(history, expectedAlerts, reference.escalation());
        assertOneAlertPerLevelChange(actualAlerts, crashed.escalation());
        assertSameForEveryUser(
                "alerts (alertId, level, previousLevel, rule, day, observed, message, in order)",
                expectedAlerts,
                actualAlerts);
        if (!crashed.progress().equals(reference.progress())) {
            writeEvidence("reference-progress.json", reference.progress());
            writeEvidence("crash-progress.json", crashed.progress());
        }
        assertSameForEveryUser("progress bodies", reference.progress(), crashed.progress());
        assertSameForEveryUser("escalation bodies", reference.escalation(), crashed.escalation());
        assertFiguresCountedFromTheInput(history, crashed.progress());

        List<String> expectedDeadLetters = deadLetters(referenceOutput);
        assertThat(expectedDeadLetters).as("dead letters of the reference").hasSize(history.poisonRecords());
        assertThat(deadLetters(crashOutput))
                .as("dead letters of the crash run (reason and source of each)")
                .isEqualTo(expectedDeadLetters);
        Map<String, Long> reasons = expectedDeadLetters.stream()
                .collect(Collectors.groupingBy(
                        letter -> letter.substring(0, letter.indexOf(' ')), TreeMap::new, Collectors.counting()));
        Map<String, Long> expectedReasons = new TreeMap<>();
        history.poisonCounts()
                .forEach((kind, count) -> expectedReasons.put(DEAD_LETTER_REASONS.get(kind), (long) count));
        assertThat(reasons).as("dead letters per reason").isEqualTo(expectedReasons);
    }

    /** What the query API answered for each user: progress (90 days) and escalation bodies. */
    private record Answers(Map<String, JsonNode> progress, Map<String, JsonNode> escalation) {}

    /** The same app over the same input, never disturbed; stopped cleanly once it has committed all of it. */
    private Answers referenceRun(Span input, List<String> users) {
        String applicationId = "crash-it-reference-" + runId;
        spans.startGroupAt(applicationId, input.start());
        StreamsProcess reference = start("reference", applicationId, stateDirs.resolve("reference"));
        int port = reference.awaitQueryPort(PROCESS_START);
        awaitCovered(
                reference, applicationId, input, covered -> covered == 1.0, "the reference run commits all input", RUN);
        Answers answers = answers(port, users);
        reference.stop();
        return answers;
    }

    /**
     * A fresh application id over the same input: killed once it has committed part of the input
     * and has a transaction with records on the broker; restarted on the same state directory and
     * killed the same way further on; restarted on a wiped state directory, so that it restores
     * every store from its changelog, and left to finish.
     */
    private Answers crashRun(Span input, List<String> users) {
        String applicationId = "crash-it-crashing-" + runId;
        spans.startGroupAt(applicationId, input.start());
        Path stateDir = stateDirs.resolve("crashing");
        // Under exactly_once_v2 a transaction spans all of these; only this run writes to them now.
        List<String> outputs = List.of(
                Topics.ALERTS.name(),
                Topics.DEADLETTER.name(),
                applicationId + "-" + StateStores.USER_STATE + "-changelog",
                applicationId + "-" + StateStores.SEEN_EVENTS + "-changelog");

        StreamsProcess first = start("crash-1", applicationId, stateDir);
        double firstSeen = awaitCovered(
                first,
                applicationId,
                input,
                covered -> unfinished(covered, "first") >= FIRST_KILL_AT && spans.hasOpenTransactionData(outputs),
                "the first process commits " + percent(FIRST_KILL_AT) + " of the input, mid-transaction",
                RUN);
        first.kill();
        double firstKilled = assertMidStream(applicationId, input, "first");

        // The same state directory: Kafka Streams finds stores without a clean-shutdown checkpoint.
        StreamsProcess second = start("crash-2-same-state-dir", applicationId, stateDir);
        double secondAt = firstKilled + (1 - firstKilled) / 2;
        double secondSeen = awaitCovered(
                second,
                applicationId,
                input,
                covered -> unfinished(covered, "second") >= secondAt && spans.hasOpenTransactionData(outputs),
                "the restarted process commits " + percent(secondAt) + " of the input, mid-transaction",
                RUN);
        second.kill();
        double secondKilled = assertMidStream(applicationId, input, "second");
        LOG.info(
                "Killed with {} and {} of the input committed (seen at {} and {})",
                percent(firstKilled),
                percent(secondKilled),
                percent(firstSeen),
                percent(secondSeen));

        deleteRecursively(stateDir);
        StreamsProcess third = start("crash-3-wiped-state-dir", applicationId, stateDir);
        int port = third.awaitQueryPort(PROCESS_START);
        awaitCovered(third, applicationId, input, covered -> covered == 1.0, "the crash run commits all input", RUN);
        return answers(port, users);
    }

    private StreamsProcess start(String name, String applicationId, Path stateDir) {
        Map<String, String> variables = new HashMap<>(GROUP_TIMEOUTS);
        variables.putAll(ANNOUNCE_AT_ONCE);
        variables.put(KafkaClientConfig.BOOTSTRAP_SERVERS_VARIABLE, kafka.bootstrapServers());
        variables.put(StreamsAppConfig.HOST_VARIABLE, "127.0.0.1");
        variables.put(StreamsAppConfig.PORT_VARIABLE, "0");
        variables.put(StreamsAppConfig.ADVERTISED_HOST_VARIABLE, "127.0.0.1");
        variables.put(
                StreamsAppConfig.STATE_DIR_VARIABLE, stateDir.toAbsolutePath().toString());
        variables.put(StreamsAppConfig.APPLICATION_ID_VARIABLE, applicationId);
        variables.put(StreamsAppConfig.STANDBY_REPLICAS_VARIABLE, "0");
        variables.put(JwtSettings.SECRET_VARIABLE, SECRET);
        variables.put(Pseudonym.SECRET_VARIABLE, PSEUDONYM_SECRET);
        StreamsProcess process = StreamsProcess.start(name, variables, logDir.resolve(name + ".log"));
        processes.add(process);
        return process;
    }

    /** Writes the history's records to the input topics and returns the span they take there. */
    private Span produce(SyntheticHistory history) {
        String[] inputTopics = {Topics.CHECKINS.name(), Topics.JOURNAL.name()};
        Map<TopicPartition, Long> start = spans.endOffsets(inputTopics);
        send(history.records());
        Span input = new Span(start, spans.endOffsets(inputTopics));
        assertThat(input.size())
                .as("records produced")
                .isEqualTo(history.records().size());
        LOG.info(
                "Input: {} records ({} poison, {} client retries, {} synced late) of {} users over {} days",
                input.size(),
                history.poisonRecords(),
                history.duplicates(),
                history.lateCheckIns(),
                history.users().size(),
                SyntheticHistory.DAYS);
        return input;
    }

    private void send(List<InputRecord> records) {
        TestRecords.produceAll(
                kafka.bootstrapServers(),
                new ByteArraySerializer(),
                new ByteArraySerializer(),
                records.stream()
                        .map(r -> new ProducerRecord<>(r.topic(), null, r.timestamp(), r.key(), r.value()))
                        .toList());
    }

    /** Waits until the group's committed share of the input satisfies {@code condition}, and returns that share. */
    private double awaitCovered(
            StreamsProcess process,
            String group,
            Span input,
            DoublePredicate condition,
            String what,
            Duration timeout) {
        AtomicReference<Double> covered = new AtomicReference<>(0.0);
        await(what + " (log: " + process.log() + ")")
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    process.requireAlive();
                    covered.set(input.covered(spans.committed(group)));
                    return condition.test(covered.get());
                });
        return covered.get();
    }

    /** Fails at once, rather than at the timeout, when a process to be killed mid-stream has finished. */
    private static double unfinished(double covered, String which) {
        if (covered == 1.0) {
            throw new AssertionError("The " + which + " process committed all input before it could be killed "
                    + "mid-stream: the input is too small for this machine");
        }
        return covered;
    }

    /** After a kill: part of the input, and only part, is committed. */
    private double assertMidStream(String group, Span input, String which) {
        double committed = input.covered(spans.committed(group));
        assertThat(committed)
                .as("share of the input committed when the " + which + " process was killed (all of "
                        + "it: the process finished first, and the input is too small for this machine)")
                .isLessThan(1.0);
        return committed;
    }

    /**
     * Names the users whose values differ, with the first difference, rather than printing
     * every user's values.
     */
    private <T> void assertSameForEveryUser(String what, Map<String, T> expected, Map<String, T> actual) {
        List<String> differing = expected.keySet().stream()
                .filter(user -> !Objects.equals(expected.get(user), actual.get(user)))
                .toList();
        String first = differing.isEmpty()
                ? ""
                : differing.get(0) + ": expected " + expected.get(differing.get(0)) + "\n but was "
                        + actual.get(differing.get(0));
        assertThat(differing)
                .as(
                        "users whose %s after the crashes differ from the reference (evidence in %s) %s",
                        what, logDir, first)
                .isEmpty();
        assertThat(actual.keySet()).as("users with %s", what).isEqualTo(expected.keySet());
    }

    private Answers answers(int port, List<String> users) {
        return new Answers(answers(port, users, "progress?days=90"), answers(port, users, "escalation"));
    }

    private Map<String, JsonNode> answers(int port, List<String> users, String endpoint) {
        QueryClient client = new QueryClient(port);
        Map<String, JsonNode> bodies = new LinkedHashMap<>();
        await("the query API answers for every user")
                .atMost(READ)
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    for (String user : users) {
                        if (!bodies.containsKey(user)) {
                            HttpResponse<String> response =
                                    client.get("/v1/users/" + user + "/" + endpoint, tokenOf(user));
                            assertThat(response.statusCode())
                                    .as(endpoint + " status")
                                    .isEqualTo(200);
                            bodies.put(user, json(response));
                        }
                    }
                });
        return bodies;
    }

    private Map<String, List<Alert>> alertsByUser(Span span, List<String> users) {
        Deserializer<Alert> alerts = Topics.ALERTS.valueSerde().deserializer();
        Map<String, List<Alert>> byUser = new TreeMap<>();
        users.forEach(user -> byUser.put(user, new ArrayList<>()));
        // One user's alerts share a partition, so their order there is the order they were raised in.
        for (ConsumerRecord<byte[], byte[]> record :
                spans.read(Topics.ALERTS.name(), span, IsolationLevel.READ_COMMITTED, READ)) {
            String user = new String(record.key(), StandardCharsets.UTF_8);
            Alert alert = alerts.deserialize(Topics.ALERTS.name(), record.value());
            assertThat(alert.userId())
                    .as("alert value's userId matches its key")
                    .isEqualTo(user);
            assertThat(byUser).as("alerts only for this test's users").containsKey(user);
            byUser.get(user).add(alert);
        }
        return byUser;
    }

    /** Each dead letter as its reason and where the rejected record came from, in a stable order. */
    private List<String> deadLetters(Span span) {
        return spans.read(Topics.DEADLETTER.name(), span, IsolationLevel.READ_COMMITTED, READ).stream()
                .map(letter -> DeadLetters.header(letter.headers(), DeadLetters.REASON) + " "
                        + DeadLetters.header(letter.headers(), DeadLetters.SOURCE_TOPIC) + "-"
                        + DeadLetters.header(letter.headers(), DeadLetters.SOURCE_PARTITION) + "@"
                        + DeadLetters.header(letter.headers(), DeadLetters.SOURCE_OFFSET))
                .sorted()
                .toList();
    }

    /**
     * The history does what it was made for, so the comparison is not between two empty lists:
     * every designed escalation shows in the reference, and its users also calm down again.
     */
    private static void assertScenarioEscalates(
            SyntheticHistory history, Map<String, List<Alert>> alerts, Map<String, JsonNode> escalation) {
        for (String user : history.users()) {
            Set<EscalationLevel> reached =
                    alerts.get(user).stream().map(Alert::level).collect(Collectors.toSet());
            Episode episode = history.episode(user);
            if (episode == Episode.CONTROLLING) {
                assertThat(reached).as("levels reached by a controlling user").contains(EscalationLevel.SEVERE);
            } else if (episode == Episode.DEVICE_CHECKING) {
                assertThat(reached)
                        .as("levels reached by a device-checking user")
                        .contains(EscalationLevel.HIGH);
            } else if (episode != Episode.NONE) {
                assertThat(reached)
                        .as("levels reached by a user in a " + episode + " episode")
                        .isNotEmpty();
            }
        }
        Set<String> rules =
                alerts.values().stream().flatMap(List::stream).map(Alert::rule).collect(Collectors.toSet());
        assertThat(rules)
                .as("rules of the reference alerts")
                .contains("controlling", "device_checking", "reassurance_doubled", "trigger_surge", "de_escalation");
        assertThat(escalation.values().stream()
                        .map(body -> body.path("level").asText())
                        .distinct())
                .as("levels users end at")
                .contains("STEADY", "ELEVATED");
    }

    /** Consecutive alerts of a user chain (each starts where the last ended) and end at the user's level. */
    /**
     * Each alert changes what the alerts say about its day: its previousLevel is the level the
     * alerts sent before it gave that day (the latest-dated one on or before it), and its level
     * differs. In time order that is a plain chain; a late event can add an alert for an earlier
     * day. What the alerts say about the latest day is the person's level.
     */
    private static void assertOneAlertPerLevelChange(
            Map<String, List<Alert>> alerts, Map<String, JsonNode> escalation) {
        alerts.forEach((user, list) -> {
            TreeMap<LocalDate, EscalationLevel> announced = new TreeMap<>();
            for (Alert alert : list) {
                Map.Entry<LocalDate, EscalationLevel> before = announced.floorEntry(alert.day());
                EscalationLevel level = before == null ? EscalationLevel.STEADY : before.getValue();
                assertThat(alert.previousLevel())
                        .as("previousLevel of an alert of " + user)
                        .isEqualTo(level);
                assertThat(alert.level()).as("level of an alert of " + user).isNotEqualTo(level);
                announced.put(alert.day(), alert.level());
            }
            EscalationLevel last = announced.isEmpty()
                    ? EscalationLevel.STEADY
                    : announced.lastEntry().getValue();
            assertThat(escalation.get(user).path("level").asText())
                    .as("level of " + user + " after its alerts")
                    .isEqualTo(last.name());
            assertThat(list.stream().map(Alert::alertId).distinct().count())
                    .as("distinct alert ids of " + user)
                    .isEqualTo(list.size());
        });
    }

    /** Per user and local day, the figures the query API shows are those counted from the input. */
    private static void assertFiguresCountedFromTheInput(SyntheticHistory history, Map<String, JsonNode> progress) {
        Map<String, NavigableMap<LocalDate, DayFigures>> expected = history.expectedDays();
        for (String user : history.users()) {
            NavigableMap<LocalDate, DayFigures> days = expected.get(user);
            JsonNode body = progress.get(user);
            assertThat(body.path("asOf").asText())
                    .as("asOf of " + user)
                    .isEqualTo(days.lastKey().toString());
            Map<LocalDate, List<Integer>> want = new TreeMap<>();
            days.forEach((date, day) -> want.put(date, counts(day)));
            Map<LocalDate, List<Integer>> got = new TreeMap<>();
            for (JsonNode day : body.path("days")) {
                LocalDate date = LocalDate.parse(day.path("date").asText());
                int triggers = 0;
                for (JsonNode count : day.path("triggers")) {
                    triggers += count.asInt();
                }
                List<Integer> counts = List.of(
                        day.path("checkIns").asInt(),
                        day.path("reassuranceAsks").asInt(),
                        day.path("deviceChecks").asInt(),
                        day.path("controlling").asInt(),
                        triggers,
                        day.path("thoughtRecords").asInt());
                if (counts.stream().anyMatch(count -> count != 0)) {
                    got.put(date, counts);
                }
                DayFigures figures = days.get(date);
                if (figures != null && figures.checkIns > 0) {
                    assertThat(day.path("distressAvg").asDouble())
                            .as("distressAvg of " + user + " on " + date)
                            .isCloseTo((double) figures.distressSum / figures.checkIns, within(0.051));
                }
                if (figures != null && figures.thoughtRecords > 0) {
                    assertThat(day.path("beliefShiftAvg").asDouble())
                            .as("beliefShiftAvg of " + user + " on " + date)
                            .isCloseTo((double) figures.beliefShiftSum / figures.thoughtRecords, within(0.051));
                }
            }
            want.values().removeIf(counts -> counts.stream().allMatch(count -> count == 0));
            assertThat(got)
                    .as("per-day [checkIns, reassuranceAsks, deviceChecks, controlling, triggers, "
                            + "thoughtRecords] of " + user)
                    .isEqualTo(want);

            LocalDate asOf = days.lastKey();
            List<Integer> window = days.subMap(asOf.minusDays(6), true, asOf, true).values().stream()
                    .map(CrashRecoveryIT::counts)
                    .reduce(
                            List.of(0, 0, 0, 0, 0, 0),
                            (a, b) -> IntStream.range(0, a.size())
                                    .mapToObj(i -> a.get(i) + b.get(i))
                                    .toList())
                    .subList(0, 5);
            JsonNode window7d = body.path("window7d");
            assertThat(List.of(
                            window7d.path("checkIns").asInt(),
                            window7d.path("reassuranceAsks").asInt(),
                            window7d.path("deviceChecks").asInt(),
                            window7d.path("controlling").asInt(),
                            window7d.path("triggers").asInt()))
                    .as("window7d [checkIns, reassuranceAsks, deviceChecks, controlling, triggers] of " + user)
                    .isEqualTo(window);
        }
    }

    private static List<Integer> counts(DayFigures day) {
        return List.of(
                day.checkIns, day.reassuranceAsks, day.deviceChecks, day.controlling, day.triggers, day.thoughtRecords);
    }

    private void writeEvidence(String name, Object value) {
        try {
            Json.mapper()
                    .writerWithDefaultPrettyPrinter()
                    .writeValue(logDir.resolve(name).toFile(), value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.0f%%", share * 100);
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not wipe the state directory", e);
        }
    }

    /** The person's own token: only they, or a clinician they share with, may read their figures. */
    private static String tokenOf(String userId) {
        return DevTokens.mint(SECRET.getBytes(StandardCharsets.UTF_8), userId, false);
    }
}
