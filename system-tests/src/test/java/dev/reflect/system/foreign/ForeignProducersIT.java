package dev.reflect.system.foreign;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reflect.events.Alert;
import dev.reflect.events.CheckIn;
import dev.reflect.events.JournalEntry;
import dev.reflect.events.Json;
import dev.reflect.events.ReflectEvent;
import dev.reflect.events.Topics;
import dev.reflect.kafka.embedded.EmbeddedKafkaBroker;
import dev.reflect.producer.IngestApp;
import dev.reflect.producer.ratelimit.RateLimit;
import dev.reflect.service.auth.DevTokens;
import dev.reflect.service.auth.JwtSettings;
import dev.reflect.streams.app.StreamsApp;
import dev.reflect.streams.topology.InputPartitioning;
import dev.reflect.system.support.ForeignClients;
import dev.reflect.system.support.ForeignClients.Line;
import dev.reflect.system.support.Http;
import dev.reflect.system.support.Services;
import dev.reflect.system.support.StoredEvents;
import dev.reflect.system.support.TopicContents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Contract section 4a with clients Reflect did not write: kcat and confluent-kafka for Python,
 * both librdkafka with its default partitioner (CRC32 based, not Java's murmur2), writing stored
 * events straight to the input topics of a real broker with two streams instances running. Every
 * person ends with exactly one state that either instance answers for, with the figures of their
 * input; a person whose events come through the ingest service and kcat together is one person;
 * six weeks of a person delivered shuffled across both topics give the very progress and alerts of
 * the same six weeks in time order; and {@code reflect_records_rerouted_total} counts exactly the
 * records that sat in another partition than their userId hashes to.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ForeignProducersIT {

    private static final int PARTITIONS = 6;
    private static final InputPartitioning PARTITIONING = new InputPartitioning(PARTITIONS);
    private static final Pattern REROUTED =
            Pattern.compile("^reflect_records_rerouted_total\\{topic=\"([a-z.0-9]+)\"} (\\S+)$", Pattern.MULTILINE);
    private static final Duration ANSWERED = Duration.ofSeconds(90);
    /** Where the people of the six-week test live. */
    private static final ZoneOffset SIX_WEEKS_OFFSET = ZoneOffset.ofHours(-5);

    @TempDir
    static Path brokerDir;

    @TempDir
    static Path stateDirs;

    private final byte[] secret = Services.newSecret();
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final Instant now = Instant.now();
    private EmbeddedKafkaBroker broker;
    private StreamsApp first;
    private StreamsApp second;
    private IngestApp ingest;

    @BeforeAll
    void start() {
        broker = EmbeddedKafkaBroker.builder().dataDir(brokerDir).build().start();
        broker.createTopics(
                PARTITIONS, Topics.ALL.stream().map(topic -> topic.name()).toArray(String[]::new));
        JwtSettings jwt = JwtSettings.hs256(secret);
        String applicationId = "reflect-foreign-" + run;
        first = StreamsApp.create(Services.streams(
                        broker.bootstrapServers(), Map.of(), jwt, applicationId, stateDirs.resolve("1")))
                .start();
        second = StreamsApp.create(Services.streams(
                        broker.bootstrapServers(), Map.of(), jwt, applicationId, stateDirs.resolve("2")))
                .start();
        ingest = Services.startIngest(broker.bootstrapServers(), jwt, Duration.ofSeconds(5), RateLimit.OFF);
        Services.awaitRunning(first);
        Services.awaitRunning(second);
    }

    @AfterAll
    void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {ingest, first, second, broker}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                // Closing the rest matters more.
            }
        }
    }

    @Test
    void aWeekWrittenWithKcatsDefaultPartitionerIsOnePersonOnEveryInstance() {
        String person = misplacedByLibrdkafka("kcat-" + run);
        List<CheckIn> week = week(person, 7);
        ForeignClients.kcat(broker.bootstrapServers(), Topics.CHECKINS.name(), lines(week));

        for (StreamsApp instance : List.of(first, second)) {
            JsonNode progress = awaitProgress(instance, person, 7, body -> counted(body, "checkIns") == week.size());
            assertWeek(progress, week);
            assertThat(progress.path("escalation").path("level").asText())
                    .as("28 asks in a week against the default baseline")
                    .isEqualTo("ELEVATED");
        }
        assertReroutedCountsTheMisplacedRecords();
    }

    @Test
    void checkInsAndJournalEntriesFromPythonAreOnePersonOnEveryInstance() {
        String person = misplacedByLibrdkafka("python-" + run);
        List<CheckIn> week = week(person, 7);
        List<JournalEntry> entries = new ArrayList<>();
        for (CheckIn checkIn : week) {
            entries.add(
                    StoredEvents.journal(person, checkIn.occurredAt().plusHours(2), 80, 40, receivedAfter(checkIn)));
        }
        List<Line> lines = new ArrayList<>(lines(week));
        lines.addAll(lines(entries));
        ForeignClients.python(broker.bootstrapServers(), lines);

        for (StreamsApp instance : List.of(first, second)) {
            JsonNode progress = awaitProgress(
                    instance,
                    person,
                    7,
                    body -> counted(body, "checkIns") == week.size()
                            && counted(body, "thoughtRecords") == entries.size());
            assertWeek(progress, week);
            for (JsonNode day : progress.path("days")) {
                assertThat(day.path("thoughtRecords").asInt()).isEqualTo(1);
            }
        }
        assertReroutedCountsTheMisplacedRecords();
    }

    @Test
    void onePersonThroughTheIngestServiceAndKcatTogetherIsOneState() {
        String person = "both-" + run;
        String token = DevTokens.mint(secret, person, false);
        List<CheckIn> week = week(person, 6);
        Http api = new Http(ingest.port());
        // Days 1-3 through the ingest service, as the person's phone sends them...
        for (CheckIn checkIn : week.subList(0, 3)) {
            assertThat(api.postJson("/v1/check-ins", token, clientJson(checkIn)).status())
                    .isEqualTo(202);
        }
        // ...days 4-6 through an importer on kcat, and day 3 again: the same eventId, counted once.
        List<CheckIn> imported = new ArrayList<>(week.subList(3, 6));
        imported.add(week.get(2));
        ForeignClients.kcat(broker.bootstrapServers(), Topics.CHECKINS.name(), lines(imported));

        for (StreamsApp instance : List.of(first, second)) {
            JsonNode progress = awaitProgress(instance, person, 7, body -> counted(body, "checkIns") == week.size());
            assertWeek(progress, week);
        }
    }

    @Test
    void sixWeeksShuffledAcrossBothTopicsGiveTheProgressAndAlertsOfTheSameWeeksInTimeOrder() {
        String ordered = "ordered-" + run;
        String shuffled = "shuffled-" + run;
        Instant synced = now;
        List<ReflectEvent> orderedWeeks = sixWeeks(ordered, new Random(7), synced);
        List<ReflectEvent> shuffledWeeks = sixWeeks(shuffled, new Random(7), synced);
        Collections.shuffle(shuffledWeeks, new Random(11));
        // An offline phone syncing six weeks at once: kcat for one person in time order, Python
        // for the other shuffled, both topics interleaved as the shuffle falls.
        ForeignClients.kcat(
                broker.bootstrapServers(), Topics.CHECKINS.name(), lines(ofType(orderedWeeks, CheckIn.class)));
        ForeignClients.kcat(
                broker.bootstrapServers(), Topics.JOURNAL.name(), lines(ofType(orderedWeeks, JournalEntry.class)));
        ForeignClients.python(broker.bootstrapServers(), linesOf(shuffledWeeks));

        // On a fresh application id, as a new deployment would read them.
        JwtSettings jwt = JwtSettings.hs256(secret);
        try (StreamsApp fresh = StreamsApp.create(Services.streams(
                        broker.bootstrapServers(), Map.of(), jwt, "reflect-fresh-" + run, stateDirs.resolve("3")))
                .start()) {
            Services.awaitRunning(fresh);
            int checkIns = ofType(orderedWeeks, CheckIn.class).size();
            int entries = ofType(orderedWeeks, JournalEntry.class).size();
            JsonNode orderedProgress = awaitProgress(
                    fresh,
                    ordered,
                    90,
                    body -> counted(body, "checkIns") == checkIns && counted(body, "thoughtRecords") == entries);
            JsonNode shuffledProgress = awaitProgress(
                    fresh,
                    shuffled,
                    90,
                    body -> counted(body, "checkIns") == checkIns && counted(body, "thoughtRecords") == entries);
            List<Alert> orderedAlerts = awaitAnnounced(ordered, orderedProgress);
            List<Alert> shuffledAlerts = awaitAnnounced(shuffled, shuffledProgress);

            assertThat(withoutIdentity(shuffledProgress))
                    .as("progress bodies, apart from who")
                    .isEqualTo(withoutIdentity(orderedProgress));
            assertThat(orderedAlerts).as("the six weeks escalate and calm down").hasSizeGreaterThanOrEqualTo(2);
            assertThat(withoutIds(shuffledAlerts))
                    .as("alert records, apart from ids")
                    .isEqualTo(withoutIds(orderedAlerts));
        }
    }

    // --- the people's input ---------------------------------------------------------------

    /** {@code days} days ending yesterday, one check-in each, with 1, 2, 3... reassurance asks. */
    private List<CheckIn> week(String person, int days) {
        List<CheckIn> checkIns = new ArrayList<>();
        LocalDate firstDay = LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(days);
        for (int d = 0; d < days; d++) {
            OffsetDateTime at = OffsetDateTime.of(firstDay.plusDays(d), LocalTime.of(9, 30), ZoneOffset.ofHours(2));
            checkIns.add(
                    StoredEvents.checkIn(person, at, d + 1, 0, at.toInstant().plusSeconds(30), new Random(d)));
        }
        return checkIns;
    }

    /**
     * Six weeks ending yesterday, all received at {@code received}: four calm weeks, then a week of
     * many reassurance asks with a device check (up to HIGH), a calm week after, and journal
     * entries with thought records throughout.
     */
    private List<ReflectEvent> sixWeeks(String person, Random random, Instant received) {
        List<ReflectEvent> events = new ArrayList<>();
        // Yesterday where these people live (UTC-5): a journal entry at 21:00 on the UTC date's
        // yesterday lies in the future from midnight to 03:00 UTC, and would be refused.
        LocalDate firstDay = LocalDate.ofInstant(now, SIX_WEEKS_OFFSET).minusDays(42);
        for (int d = 0; d < 42; d++) {
            LocalDate day = firstDay.plusDays(d);
            boolean spell = d >= 28 && d < 33;
            for (int c = 0; c < 1 + random.nextInt(2); c++) {
                OffsetDateTime at =
                        OffsetDateTime.of(day, LocalTime.of(8 + 5 * c, random.nextInt(60)), SIX_WEEKS_OFFSET);
                int asks = spell ? 2 + random.nextInt(3) : random.nextInt(2);
                int deviceChecks = spell && d == 31 ? 1 : 0;
                events.add(StoredEvents.checkIn(person, at, asks, deviceChecks, received, random));
            }
            if (random.nextInt(3) == 0) {
                OffsetDateTime at = OffsetDateTime.of(day, LocalTime.of(21, random.nextInt(60)), SIX_WEEKS_OFFSET);
                int before = 50 + random.nextInt(50);
                events.add(StoredEvents.journal(person, at, before, random.nextInt(before), received));
            }
        }
        return events;
    }

    private static Instant receivedAfter(CheckIn checkIn) {
        return checkIn.occurredAt().toInstant().plusSeconds(3 * 3600);
    }

    private static <T> List<T> ofType(List<ReflectEvent> events, Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static List<Line> lines(List<? extends ReflectEvent> events) {
        return linesOf(new ArrayList<>(events));
    }

    /** The stored JSON the ingest service would write, as lines for a foreign client. */
    private static List<Line> linesOf(List<ReflectEvent> events) {
        List<Line> lines = new ArrayList<>();
        for (ReflectEvent event : events) {
            byte[] value = event instanceof CheckIn checkIn
                    ? Topics.CHECKINS.valueSerde().serializer().serialize(Topics.CHECKINS.name(), checkIn)
                    : Topics.JOURNAL.valueSerde().serializer().serialize(Topics.JOURNAL.name(), (JournalEntry) event);
            String topic = event instanceof CheckIn ? Topics.CHECKINS.name() : Topics.JOURNAL.name();
            lines.add(new Line(topic, event.userId(), new String(value, UTF_8)));
        }
        return lines;
    }

    /** A check-in as a client sends it: without the userId and receivedAt the ingest service adds. */
    private static String clientJson(CheckIn checkIn) {
        ObjectNode stored;
        try {
            stored = (ObjectNode) Json.mapper()
                    .readTree(Topics.CHECKINS.valueSerde().serializer().serialize(Topics.CHECKINS.name(), checkIn));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        stored.remove("userId");
        stored.remove("receivedAt");
        return stored.toString();
    }

    // --- what Reflect answers -------------------------------------------------------------

    private JsonNode awaitProgress(
            StreamsApp instance, String person, int days, java.util.function.Predicate<JsonNode> complete) {
        Http query = new Http(instance.port());
        String token = DevTokens.mint(secret, person, false);
        JsonNode[] seen = {null};
        await(person + "'s progress on port " + instance.port())
                .atMost(ANSWERED)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    Http.Answer answer = query.get("/v1/me/progress?days=" + days, token);
                    if (answer.status() != 200) {
                        return false;
                    }
                    seen[0] = answer.json();
                    return complete.test(seen[0]);
                });
        return seen[0];
    }

    /** The person's alerts once they say the level the query API says: their input has settled. */
    private List<Alert> awaitAnnounced(String person, JsonNode progress) {
        String level = progress.path("escalation").path("level").asText();
        List<List<Alert>> alerts = new ArrayList<>();
        await(person + "'s alerts reach " + level)
                .atMost(ANSWERED)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    List<Alert> mine = new ArrayList<>();
                    for (ConsumerRecord<byte[], byte[]> record :
                            TopicContents.readToEnd(broker.bootstrapServers(), Topics.ALERTS.name())) {
                        Alert alert = Topics.ALERTS
                                .valueSerde()
                                .deserializer()
                                .deserialize(Topics.ALERTS.name(), record.value());
                        if (alert.userId().equals(person)) {
                            mine.add(alert);
                        }
                    }
                    alerts.clear();
                    alerts.add(mine);
                    return !mine.isEmpty()
                            && mine.get(mine.size() - 1).level().name().equals(level);
                });
        return alerts.get(0);
    }

    /** A figure summed over the days of a progress body. */
    private static int counted(JsonNode progress, String figure) {
        int sum = 0;
        for (JsonNode day : progress.path("days")) {
            sum += day.path(figure).asInt();
        }
        return sum;
    }

    private static JsonNode withoutIdentity(JsonNode progress) {
        ObjectNode copy = progress.deepCopy();
        copy.remove("userId");
        copy.remove("pseudonym");
        return copy;
    }

    private static List<Alert> withoutIds(List<Alert> alerts) {
        return alerts.stream()
                .map(a -> new Alert(
                        null, "someone", a.level(), a.previousLevel(), a.rule(), a.day(), a.observed(), a.message()))
                .toList();
    }

    private static void assertWeek(JsonNode progress, List<CheckIn> week) {
        JsonNode days = progress.path("days");
        for (CheckIn checkIn : week) {
            JsonNode day = dayOf(days, checkIn.localDay());
            assertThat(day).as("the day of %s", checkIn.occurredAt()).isNotNull();
            assertThat(day.path("checkIns").asInt())
                    .as("check-ins on %s", checkIn.localDay())
                    .isEqualTo(1);
            assertThat(day.path("reassuranceAsks").asInt())
                    .as("reassurance asks on %s", checkIn.localDay())
                    .isEqualTo(checkIn.behaviors().get(0).count());
        }
    }

    private static JsonNode dayOf(JsonNode days, LocalDate date) {
        for (JsonNode day : days) {
            if (day.path("date").asText().equals(date.toString())) {
                return day;
            }
        }
        return null;
    }

    /**
     * Once everything written so far is processed, the two instances together have counted
     * exactly the records that sit in another partition than their userId hashes to.
     */
    /**
     * A person id that librdkafka's default partitioner ({@code consistent_random}: CRC32 of the key
     * modulo the partition count) puts in another partition than Java's murmur2 does. For a random
     * id the two agree about one time in six, and then nothing would be re-routed to test.
     */
    private static String misplacedByLibrdkafka(String prefix) {
        for (int suffix = 0; ; suffix++) {
            String person = prefix + "-" + suffix;
            byte[] key = person.getBytes(StandardCharsets.UTF_8);
            CRC32 crc = new CRC32();
            crc.update(key);
            if (crc.getValue() % PARTITIONS != PARTITIONING.partitionOf(key)) {
                return person;
            }
        }
    }

    private void assertReroutedCountsTheMisplacedRecords() {
        long misplaced = 0;
        for (String topic : List.of(Topics.CHECKINS.name(), Topics.JOURNAL.name())) {
            for (ConsumerRecord<byte[], byte[]> record : TopicContents.readToEnd(broker.bootstrapServers(), topic)) {
                if (record.partition() != PARTITIONING.partitionOf(record.key())) {
                    misplaced++;
                }
            }
        }
        assertThat(misplaced)
                .as("librdkafka's partitioner put some records elsewhere")
                .isPositive();
        long expected = misplaced;
        await("reflect_records_rerouted_total to count " + expected)
                .atMost(ANSWERED)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> rerouted(first) + rerouted(second) == expected);
    }

    private static long rerouted(StreamsApp instance) {
        String scrape = new Http(instance.port()).get("/metrics", null).body();
        long total = 0;
        Matcher matcher = REROUTED.matcher(scrape);
        while (matcher.find()) {
            total += (long) Double.parseDouble(matcher.group(2));
        }
        return total;
    }
}
