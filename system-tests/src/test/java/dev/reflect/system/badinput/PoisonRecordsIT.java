package dev.reflect.system.badinput;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.reflect.events.CheckIn;
import dev.reflect.events.Context;
import dev.reflect.events.JournalEntry;
import dev.reflect.events.Json;
import dev.reflect.events.Topics;
import dev.reflect.kafka.embedded.EmbeddedKafkaBroker;
import dev.reflect.service.auth.DevTokens;
import dev.reflect.service.auth.JwtSettings;
import dev.reflect.streams.app.StreamsApp;
import dev.reflect.streams.deadletter.DeadLetterReason;
import dev.reflect.streams.deadletter.DeadLetters;
import dev.reflect.system.support.Http;
import dev.reflect.system.support.Services;
import dev.reflect.system.support.TopicContents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records no ingest service would write, put straight on the input topics of a running streams
 * app: each must land on the dead-letter topic, byte for byte, with its reason; the app must keep
 * processing (a valid check-in after them is counted); and {@code reflect_records_rejected_total}
 * must count exactly one per record under its reason. The broker is this test's own, so the
 * counter and the dead-letter topic see no other test's records.
 */
class PoisonRecordsIT {

    /** Records up to 4 MiB on this broker, so that a 1 MiB record fits on the input and dead-letter topics. */
    private static final int MAX_BYTES = 4 * 1024 * 1024;

    private static final Pattern REJECTED =
            Pattern.compile("^reflect_records_rejected_total\\{reason=\"([a-z-]+)\"} (\\S+)$", Pattern.MULTILINE);

    @TempDir
    Path brokerDir;

    @TempDir
    Path stateDir;

    private final byte[] secret = Services.newSecret();
    private final String user = "u-" + UUID.randomUUID();
    private final Instant now = Instant.now();
    private EmbeddedKafkaBroker broker;
    private StreamsApp streams;

    @AfterEach
    void stop() {
        if (streams != null) {
            streams.stop();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private record Poison(String name, String topic, byte[] key, byte[] value, DeadLetterReason reason) {}

    @Test
    void everyPoisonRecordIsDeadLetteredWithItsReasonCountedOnceAndProcessingGoesOn() throws Exception {
        broker = EmbeddedKafkaBroker.builder()
                .dataDir(brokerDir)
                .config("message.max.bytes", Integer.toString(MAX_BYTES))
                .build()
                .start();
        broker.createTopics(6, Topics.ALL.stream().map(topic -> topic.name()).toArray(String[]::new));
        JwtSettings jwt = JwtSettings.hs256(secret);
        // The app's producer writes the dead letters: it must be allowed records as large as its input.
        streams = StreamsApp.create(Services.streams(
                        broker.bootstrapServers(),
                        Map.of("REFLECT_KAFKA_MAX_REQUEST_SIZE", Integer.toString(MAX_BYTES)),
                        jwt,
                        "reflect-poison-" + UUID.randomUUID(),
                        stateDir))
                .start();
        Services.awaitRunning(streams);

        List<Poison> poisons = poisons();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        poisons.forEach(p -> records.add(new ProducerRecord<>(p.topic(), p.key(), p.value())));
        CheckIn after = checkIn(user, OffsetDateTime.now(ZoneOffset.ofHours(2)).minusHours(1));
        records.add(new ProducerRecord<>(Topics.CHECKINS.name(), user.getBytes(UTF_8), bytes(after)));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        broker.bootstrapServers(),
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                        MAX_BYTES),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (ProducerRecord<byte[], byte[]> record : records) {
                producer.send(record).get();
            }
        }

        Http query = new Http(streams.port());
        String token = DevTokens.mint(secret, user, false);
        await("the valid check-in after the poison is counted")
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    Http.Answer answer = query.get("/v1/me/progress?days=1", token);
                    assertThat(answer.status()).isEqualTo(200);
                    assertThat(answer.json().path("days").get(0).path("date").asText())
                            .isEqualTo(after.localDay().toString());
                    assertThat(answer.json()
                                    .path("days")
                                    .get(0)
                                    .path("checkIns")
                                    .asInt())
                            .isEqualTo(1);
                });

        Map<String, Long> expected = new TreeMap<>();
        poisons.forEach(p -> expected.merge(p.reason().code(), 1L, Long::sum));
        await("one dead letter per poison record")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> TopicContents.readToEnd(broker.bootstrapServers(), Topics.DEADLETTER.name())
                                .size()
                        >= poisons.size());
        List<ConsumerRecord<byte[], byte[]>> letters =
                TopicContents.readToEnd(broker.bootstrapServers(), Topics.DEADLETTER.name());
        assertThat(letters).hasSize(poisons.size());
        for (Poison poison : poisons) {
            assertThat(letters)
                    .as(poison.name())
                    .filteredOn(letter ->
                            Arrays.equals(letter.value(), poison.value()) && Arrays.equals(letter.key(), poison.key()))
                    .singleElement()
                    .satisfies(letter -> {
                        assertThat(DeadLetters.header(letter.headers(), DeadLetters.REASON))
                                .as(poison.name())
                                .isEqualTo(poison.reason().code());
                        assertThat(DeadLetters.header(letter.headers(), DeadLetters.SOURCE_TOPIC))
                                .as(poison.name())
                                .isEqualTo(poison.topic());
                        assertThat(DeadLetters.header(letter.headers(), DeadLetters.SOURCE_OFFSET))
                                .as(poison.name())
                                .matches("\\d+");
                    });
        }

        Http.Answer metrics = query.get("/metrics", null);
        assertThat(metrics.status()).isEqualTo(200);
        System.out.println("Poison records: " + poisons.size() + " dead-lettered, by reason " + expected);
        assertThat(rejectedCounts(metrics.body())).isEqualTo(expected);
        assertThat(streams.isRunning()).isTrue();
    }

    private static Map<String, Long> rejectedCounts(String scrape) {
        Map<String, Long> counts = new TreeMap<>();
        Matcher matcher = REJECTED.matcher(scrape);
        while (matcher.find()) {
            long count = (long) Double.parseDouble(matcher.group(2));
            if (count != 0) {
                counts.put(matcher.group(1), count);
            }
        }
        return counts;
    }

    private List<Poison> poisons() {
        String checkIns = Topics.CHECKINS.name();
        String journal = Topics.JOURNAL.name();
        byte[] key = user.getBytes(UTF_8);
        OffsetDateTime recently =
                OffsetDateTime.now(ZoneOffset.ofHours(-5)).minusHours(2).truncatedTo(ChronoUnit.SECONDS);
        byte[] valid = bytes(checkIn(user, recently));
        byte[] random = new byte[512];
        new Random(42).nextBytes(random);

        List<Poison> poisons = new ArrayList<>();
        poisons.add(new Poison("random bytes", checkIns, key, random, DeadLetterReason.NOT_JSON));
        poisons.add(new Poison(
                "truncated JSON", checkIns, key, Arrays.copyOf(valid, valid.length / 2), DeadLetterReason.NOT_JSON));
        poisons.add(new Poison("empty value", checkIns, key, new byte[0], DeadLetterReason.NOT_JSON));
        poisons.add(new Poison("null value", journal, key, null, DeadLetterReason.NOT_JSON));
        poisons.add(
                new Poison("a JSON array", journal, key, "[1,2,3]".getBytes(UTF_8), DeadLetterReason.INVALID_SCHEMA));
        poisons.add(new Poison(
                "distress as a string",
                checkIns,
                key,
                with(valid, "distress", "\"seven\""),
                DeadLetterReason.INVALID_SCHEMA));
        poisons.add(new Poison(
                "context as an object",
                checkIns,
                key,
                with(valid, "context", "{\"a\":1}"),
                DeadLetterReason.INVALID_SCHEMA));
        poisons.add(new Poison(
                "distress of 400 digits",
                checkIns,
                key,
                with(valid, "distress", "9".repeat(400)),
                DeadLetterReason.INVALID_SCHEMA));
        poisons.add(new Poison(
                "distress of 1e308", checkIns, key, with(valid, "distress", "1e308"), DeadLetterReason.INVALID_SCHEMA));
        poisons.add(new Poison(
                "a 100,000-character context",
                checkIns,
                key,
                with(valid, "context", "\"" + "W".repeat(100_000) + "\""),
                DeadLetterReason.INVALID_SCHEMA));
        poisons.add(new Poison(
                "a 1 MiB note",
                checkIns,
                key,
                with(valid, "note", "\"" + "n".repeat(1024 * 1024) + "\""),
                DeadLetterReason.INVALID_SCHEMA));
        // Deeper than Jackson's nesting limit (1000): refused while parsing, so not JSON as far as we read it.
        poisons.add(new Poison(
                "arrays nested 5,000 deep",
                checkIns,
                key,
                with(valid, "note", "[".repeat(5_000) + "]".repeat(5_000)),
                DeadLetterReason.NOT_JSON));
        poisons.add(new Poison("a null key", checkIns, null, valid, DeadLetterReason.NULL_KEY));
        poisons.add(new Poison(
                "a key of another user",
                checkIns,
                ("u-" + UUID.randomUUID()).getBytes(UTF_8),
                valid,
                DeadLetterReason.KEY_MISMATCH));
        poisons.add(new Poison("a key that is not UTF-8", checkIns, random, valid, DeadLetterReason.KEY_MISMATCH));
        poisons.add(new Poison(
                "a journal entry keyed by someone else",
                journal,
                "someone-else".getBytes(UTF_8),
                bytes(new JournalEntry(UUID.randomUUID(), recently, "text", null, user, now)),
                DeadLetterReason.KEY_MISMATCH));
        poisons.add(new Poison(
                "an occurredAt without offset",
                checkIns,
                key,
                with(valid, "occurredAt", "\"" + recently.toLocalDateTime() + "\""),
                DeadLetterReason.INVALID_VALUE));
        poisons.add(new Poison(
                "older than 90 days",
                checkIns,
                key,
                bytes(checkIn(user, recently.minusDays(120))),
                DeadLetterReason.TOO_OLD));
        poisons.add(new Poison(
                "a day in the future",
                checkIns,
                key,
                bytes(checkIn(user, recently.plusDays(1))),
                DeadLetterReason.IN_FUTURE));
        return poisons;
    }

    private CheckIn checkIn(String userId, OffsetDateTime occurredAt) {
        return new CheckIn(
                UUID.randomUUID(), occurredAt, Context.WORK, 4, List.of(), List.of(), List.of(), null, userId, now);
    }

    private static byte[] bytes(CheckIn checkIn) {
        return Topics.CHECKINS.valueSerde().serializer().serialize(Topics.CHECKINS.name(), checkIn);
    }

    private static byte[] bytes(JournalEntry entry) {
        return Topics.JOURNAL.valueSerde().serializer().serialize(Topics.JOURNAL.name(), entry);
    }

    /** {@code valid} with one field replaced by raw JSON text (which may be malformed on purpose). */
    private static byte[] with(byte[] valid, String field, String rawJson) {
        try {
            ObjectNode node = (ObjectNode) Json.mapper().readTree(valid);
            node.putRawValue(field, new RawValue(rawJson));
            return Json.mapper().writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
