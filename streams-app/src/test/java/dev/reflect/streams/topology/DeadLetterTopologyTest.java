package dev.reflect.streams.topology;

import static dev.reflect.streams.EventFixtures.checkIn;
import static dev.reflect.streams.EventFixtures.journal;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reflect.events.CheckIn;
import dev.reflect.events.Json;
import dev.reflect.events.Topics;
import dev.reflect.streams.deadletter.DeadLetterReason;
import dev.reflect.streams.deadletter.DeadLetters;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every dead-letter reason, with its headers; processing goes on after each. */
class DeadLetterTopologyTest {

    private static final LocalDate D = LocalDate.of(2026, 11, 20);
    private static final String SECRET_NOTE = "they were out with someone again";

    @TempDir
    Path stateDir;

    private TopologyHarness reflect;
    private final String user = "u-" + UUID.randomUUID();
    private long checkInOffset;

    @BeforeEach
    void start() {
        reflect = new TopologyHarness(stateDir);
    }

    @AfterEach
    void stop() {
        reflect.close();
    }

    @Test
    void notJson() {
        byte[] value = ("{\"note\": \"" + SECRET_NOTE + "\", oops").getBytes(UTF_8);

        TestRecord<byte[], byte[]> letter = sendBadCheckIn(key(user), value);

        assertDeadLetter(letter, key(user), value, DeadLetterReason.NOT_JSON);
        assertThat(DeadLetters.header(letter.headers(), DeadLetters.FIELDS)).isEmpty();
    }

    @Test
    void anEmptyValueIsNotJson() {
        TestRecord<byte[], byte[]> letter = sendBadCheckIn(key(user), new byte[0]);

        assertDeadLetter(letter, key(user), new byte[0], DeadLetterReason.NOT_JSON);
    }

    @Test
    void invalidSchema() {
        byte[] value = storedCheckIn(json -> {
            json.remove("distress");
            json.put("mood", "bad");
        });

        TestRecord<byte[], byte[]> letter = sendBadCheckIn(key(user), value);

        assertDeadLetter(letter, key(user), value, DeadLetterReason.INVALID_SCHEMA);
        assertThat(DeadLetters.header(letter.headers(), DeadLetters.FIELDS)).contains("distress", "mood");
    }

    @Test
    void outOfRangeValuesAreInvalidSchema() {
        byte[] value = storedCheckIn(json -> json.put("distress", 11));

        assertDeadLetter(sendBadCheckIn(key(user), value), key(user), value, DeadLetterReason.INVALID_SCHEMA);
    }

    @Test
    void invalidValue() {
        byte[] value = storedCheckIn(json -> json.put("occurredAt", "2026-11-20T21:14:00"));

        TestRecord<byte[], byte[]> letter = sendBadCheckIn(key(user), value);

        assertDeadLetter(letter, key(user), value, DeadLetterReason.INVALID_VALUE);
        assertThat(DeadLetters.header(letter.headers(), DeadLetters.FIELDS)).isEqualTo("occurredAt");
    }

    @Test
    void keyMismatch() {
        byte[] value = storedCheckIn(json -> {});
        byte[] otherKey = key("u-someone-else");

        assertDeadLetter(sendBadCheckIn(otherKey, value), otherKey, value, DeadLetterReason.KEY_MISMATCH);
        assertThat(reflect.state("u-someone-else")).isNull();
        assertThat(reflect.state(user)).isNull();
    }

    @Test
    void nullKey() {
        byte[] value = storedCheckIn(json -> {});

        assertDeadLetter(sendBadCheckIn(null, value), null, value, DeadLetterReason.NULL_KEY);
    }

    @Test
    void tooOldAgainstItsOwnReceivedAt() {
        Instant receivedAt = Instant.parse("2026-11-20T12:00:00Z");
        CheckIn tooOld = checkIn(
                        user,
                        receivedAt.minus(Duration.ofDays(90)).minusSeconds(1).atOffset(java.time.ZoneOffset.UTC))
                .receivedAt(receivedAt)
                .build();
        CheckIn justInTime = checkIn(user, receivedAt.minus(Duration.ofDays(90)).atOffset(java.time.ZoneOffset.UTC))
                .receivedAt(receivedAt)
                .build();
        byte[] value = bytes(tooOld);

        TestRecord<byte[], byte[]> letter = sendBadCheckIn(key(user), value);
        reflect.send(justInTime);

        assertDeadLetter(letter, key(user), value, DeadLetterReason.TOO_OLD);
        assertThat(reflect.deadLetters()).isEmpty();
        assertThat(reflect.state(user).days()).containsOnlyKeys(justInTime.localDay());
    }

    @Test
    void inTheFutureOfItsOwnReceivedAt() {
        Instant receivedAt = Instant.parse("2026-11-20T12:00:00Z");
        CheckIn ahead = checkIn(
                        user,
                        receivedAt.plus(Duration.ofMinutes(5)).plusSeconds(1).atOffset(java.time.ZoneOffset.UTC))
                .receivedAt(receivedAt)
                .build();
        CheckIn skewed = checkIn(user, receivedAt.plus(Duration.ofMinutes(5)).atOffset(java.time.ZoneOffset.UTC))
                .receivedAt(receivedAt)
                .build();
        byte[] value = bytes(ahead);

        TestRecord<byte[], byte[]> letter = sendBadCheckIn(key(user), value);
        reflect.send(skewed);

        assertDeadLetter(letter, key(user), value, DeadLetterReason.IN_FUTURE);
        assertThat(reflect.state(user).day(D).checkIns()).isEqualTo(1);
    }

    @Test
    void invalidJournalEntriesAreDeadLetteredFromTheirTopic() throws Exception {
        ObjectNode json = Json.mapper().valueToTree(journal(user, D, 80, 30));
        ((ObjectNode) json.get("thoughtRecord")).put("beliefAfter", 101);
        byte[] value = Json.mapper().writeValueAsBytes(json);

        reflect.sendRawJournal(key(user), value);

        assertThat(reflect.deadLetters()).singleElement().satisfies(letter -> {
            assertThat(letter.value()).isEqualTo(value);
            assertThat(DeadLetters.header(letter.headers(), DeadLetters.REASON)).isEqualTo("invalid-schema");
            assertThat(DeadLetters.header(letter.headers(), DeadLetters.SOURCE_TOPIC))
                    .isEqualTo(Topics.JOURNAL.name());
            assertThat(DeadLetters.header(letter.headers(), DeadLetters.FIELDS)).isEqualTo("thoughtRecord.beliefAfter");
        });
    }

    @Test
    void processingGoesOnAfterBadRecordsAndOffsetsAreTheirOwn() {
        sendBadCheckIn(key(user), "nope".getBytes(UTF_8));
        sendBadCheckIn(null, storedCheckIn(json -> {}));
        reflect.send(checkIn(user, D).distress(4).build());
        checkInOffset++;
        TestRecord<byte[], byte[]> third = sendBadCheckIn(key("x"), storedCheckIn(json -> {}));

        assertThat(DeadLetters.header(third.headers(), DeadLetters.SOURCE_OFFSET))
                .isEqualTo("3");
        assertThat(reflect.state(user).day(D).checkIns()).isEqualTo(1);
    }

    @Test
    void deadLettersKeepTheOriginalHeadersAndAreStampedWhenRejected() {
        byte[] value = "nope".getBytes(UTF_8);
        Headers headers = new RecordHeaders().add("traceparent", "00-abc-01".getBytes(UTF_8));

        reflect.sendRawCheckIn(key(user), value, headers);

        assertThat(reflect.deadLetters()).singleElement().satisfies(letter -> {
            assertThat(DeadLetters.header(letter.headers(), "traceparent")).isEqualTo("00-abc-01");
            assertThat(letter.getRecordTime()).isEqualTo(TopologyHarness.WALL_CLOCK);
        });
    }

    private TestRecord<byte[], byte[]> sendBadCheckIn(byte[] key, byte[] value) {
        reflect.sendRawCheckIn(key, value, null);
        List<TestRecord<byte[], byte[]>> letters = reflect.deadLetters();
        assertThat(letters).as("one dead letter per bad record").hasSize(1);
        TestRecord<byte[], byte[]> letter = letters.get(0);
        assertThat(DeadLetters.header(letter.headers(), DeadLetters.SOURCE_OFFSET))
                .isEqualTo(Long.toString(checkInOffset));
        checkInOffset++;
        return letter;
    }

    private void assertDeadLetter(
            TestRecord<byte[], byte[]> letter, byte[] key, byte[] value, DeadLetterReason reason) {
        assertThat(letter.key()).isEqualTo(key);
        assertThat(letter.value()).isEqualTo(value);
        assertThat(DeadLetters.header(letter.headers(), DeadLetters.REASON)).isEqualTo(reason.code());
        assertThat(DeadLetters.header(letter.headers(), DeadLetters.SOURCE_TOPIC))
                .isEqualTo(Topics.CHECKINS.name());
        assertThat(DeadLetters.header(letter.headers(), DeadLetters.SOURCE_PARTITION))
                .isEqualTo("0");
        for (Header header : letter.headers()) {
            assertThat(new String(header.value(), UTF_8))
                    .doesNotContain(SECRET_NOTE)
                    .doesNotContain(user);
        }
        assertThat(reflect.alerts()).isEmpty();
    }

    /** A valid stored check-in as JSON, changed by {@code change}. */
    private byte[] storedCheckIn(Consumer<ObjectNode> change) {
        CheckIn valid = checkIn(user, D).build();
        ObjectNode json = Json.mapper()
                .valueToTree(new CheckIn(
                        valid.eventId(),
                        valid.occurredAt(),
                        valid.context(),
                        valid.distress(),
                        valid.triggers(),
                        valid.behaviors(),
                        valid.coping(),
                        SECRET_NOTE,
                        valid.userId(),
                        valid.receivedAt()));
        change.accept(json);
        try {
            return Json.mapper().writeValueAsBytes(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] bytes(CheckIn checkIn) {
        return Topics.CHECKINS.valueSerde().serializer().serialize(Topics.CHECKINS.name(), checkIn);
    }

    private static byte[] key(String userId) {
        return userId.getBytes(UTF_8);
    }
}
