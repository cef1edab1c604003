package dev.reflect.streams.topology;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.reflect.events.CheckIn;
import dev.reflect.events.Topics;
import dev.reflect.streams.EventFixtures;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class OccurredAtTimestampExtractorTest {

    private static final long KAFKA_TIME = 1_700_000_000_000L;
    private final OccurredAtTimestampExtractor extractor = new OccurredAtTimestampExtractor();

    @Test
    void eventTimeIsOccurredAtOfTheStoredBytes() {
        CheckIn checkIn = EventFixtures.checkIn("u", OffsetDateTime.parse("2026-11-26T23:30-08:00"))
                .build();
        byte[] bytes = Topics.CHECKINS.valueSerde().serializer().serialize("t", checkIn);

        assertThat(extractor.extract(record(bytes), 0L))
                .isEqualTo(OffsetDateTime.parse("2026-11-27T07:30Z").toInstant().toEpochMilli());
    }

    @Test
    void findsOccurredAtWhereverItIsAndSkipsNestedFields() {
        byte[] bytes = ("{\"triggers\":[{\"occurredAt\":\"1999-01-01T00:00Z\"}],\"note\":\"\\\"occurredAt\\\":\","
                        + "\"occurredAt\":\"2026-01-01T00:00:00+01:00\"}")
                .getBytes(UTF_8);

        assertThat(extractor.extract(record(bytes), 0L))
                .isEqualTo(OffsetDateTime.parse("2025-12-31T23:00Z").toInstant().toEpochMilli());
    }

    @Test
    void typedEventsWork() {
        CheckIn checkIn = EventFixtures.checkIn("u", LocalDate.of(2026, 1, 1)).build();
        ConsumerRecord<Object, Object> record = new ConsumerRecord<>("t", 0, 0L, "u", checkIn);

        assertThat(extractor.extract(record, 0L))
                .isEqualTo(checkIn.occurredAt().toInstant().toEpochMilli());
    }

    @Test
    void unreadableRecordsKeepTheirKafkaTimestampSoTheyReachTheDeadLetterTopic() {
        for (String value : new String[] {
            "nope",
            "",
            "[1]",
            "{\"occurredAt\": 5}",
            "{\"occurredAt\":\"yesterday\"}",
            "{\"occurredAt\":\"1969-12-31T23:59:59Z\"}",
            "{\"eventId\":\"x\"}",
            "{\"occurredAt\":"
        }) {
            assertThat(extractor.extract(record(value.getBytes(UTF_8)), 5L))
                    .as(value)
                    .isEqualTo(KAFKA_TIME);
        }
        assertThat(extractor.extract(record(null), 5L)).isEqualTo(KAFKA_TIME);
    }

    @Test
    void neverNegativeEvenWithoutAnyTime() {
        ConsumerRecord<Object, Object> noTime = new ConsumerRecord<>(
                "t",
                0,
                0L,
                -1L,
                TimestampType.NO_TIMESTAMP_TYPE,
                0,
                0,
                null,
                "nope".getBytes(UTF_8),
                new RecordHeaders(),
                Optional.empty());

        assertThat(extractor.extract(noTime, -1L)).isZero();
        assertThat(extractor.extract(noTime, 42L)).isEqualTo(42L);
    }

    private static ConsumerRecord<Object, Object> record(byte[] value) {
        return new ConsumerRecord<>(
                "t",
                0,
                0L,
                KAFKA_TIME,
                TimestampType.CREATE_TIME,
                0,
                0,
                null,
                value,
                new RecordHeaders(),
                Optional.empty());
    }
}
