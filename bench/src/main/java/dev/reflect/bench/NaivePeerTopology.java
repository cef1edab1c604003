package dev.reflect.bench;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.reflect.events.BehaviorType;
import dev.reflect.events.CopingStrategy;
import dev.reflect.events.Topics;
import dev.reflect.events.TriggerCategory;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.processor.TimestampExtractor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The naive peer of issue 16 (C in {@link StreamsBenchmark}): the topology a competent developer
 * writes for Reflect's per-day job from the Kafka Streams reference examples, without Reflect's
 * hand-written readers and stores.
 *
 * <ul>
 *   <li>The check-in is read with a Jackson {@link ObjectMapper} into a record ({@link CheckIn}),
 *       as a data-binding serde does; no validation beyond what data binding refuses.</li>
 *   <li>De-duplication by eventId as in Confluent's {@code EventDeduplication} example: a window
 *       store of eventId → event time, kept 90 days, and per event a {@code fetch(eventId,
 *       t − 45 days, t + 45 days)}; a miss is a new event and is {@code put}. ({@code
 *       processValues}, so the stream stays keyed by person and needs no repartition.)</li>
 *   <li>Aggregation per person and local day with {@code groupByKey().windowedBy(1-day
 *       windows).aggregate(...)}, the figures kept as a Jackson-serialised {@link DayFigures},
 *       90 days retained.</li>
 * </ul>
 *
 * <p><b>Local days.</b> Kafka Streams' time windows are aligned to the epoch, i.e. to UTC days.
 * Reflect's day is the date of occurredAt in its own offset. So the timestamp extractor returns
 * occurredAt's <em>local</em> date-time read as if it were UTC ({@link #localTimestamp}): a
 * check-in at {@code 2026-11-26T23:30-08:00} gets the timestamp of {@code 2026-11-26T23:30Z} and
 * falls in the window of 2026-11-26, whose start (as a UTC date) is the person's local day. Stream
 * time then runs up to 14 hours off the true instant, which only moves when old windows close.
 * Jackson must also be told not to shift offsets to UTC when it reads occurredAt
 * ({@code ADJUST_DATES_TO_CONTEXT_TIME_ZONE}, on by default), or the offset, and with it the
 * local day, is lost. And the shifted timestamps run up to 14 hours ahead of the clock, past the
 * hour a Kafka 4 broker accepts by default, so the changelogs are created allowing a day.
 *
 * <p>Every window accepts events for 90 days after its start (1 day + 89 days grace), the
 * retention of both stores. The input's occurredAt spans the last 60 days, out of order, so
 * nothing is dropped as late.
 */
public final class NaivePeerTopology {

    /** The per-person, per-local-day figures. */
    public static final String DAILY_STORE = "naive-daily-figures";
    /** eventId → event time of its first sighting, as in the EventDeduplication example. */
    public static final String DEDUP_STORE = "naive-event-ids";

    static final Duration RETENTION = Duration.ofDays(90);
    /**
     * The changelogs' records carry the shifted timestamps, up to 14 hours ahead of the clock, which
     * a Kafka 4 broker refuses by default ({@code message.timestamp.after.max.ms} = 1 hour): the
     * first run died with {@code InvalidTimestampException}. So the peer's changelogs allow a day.
     */
    private static final Map<String, String> CHANGELOG = Map.of(
            TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG,
            Long.toString(Duration.ofDays(1).toMillis()));

    private static final Duration DAY = Duration.ofDays(1);

    /** One mapper for the peer, as a developer would keep it (ObjectMapper is thread-safe once configured). */
    static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE, false);

    private NaivePeerTopology() {}

    /** A check-in as the peer binds it: the fields its figures need. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CheckIn(
            UUID eventId,
            OffsetDateTime occurredAt,
            int distress,
            List<Trigger> triggers,
            List<Behavior> behaviors,
            List<CopingStrategy> coping,
            String userId) {}

    /** A trigger of a check-in. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Trigger(TriggerCategory category) {}

    /** A behaviour of a check-in; the contract's count defaults to 1. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Behavior(BehaviorType type, Integer count) {
        int countOrDefault() {
            return count == null ? 1 : count;
        }
    }

    /**
     * The aggregate of one person's local day, the check-in part of Reflect's per-day figures:
     * check-ins, the distress sum, triggers by category, the sum of behaviour counts by type,
     * coping actions by strategy. A plain mutable bean, as Jackson binds it.
     */
    public static final class DayFigures {
        public int checkIns;
        public int distressSum;
        public Map<TriggerCategory, Integer> triggers = new TreeMap<>();
        public Map<BehaviorType, Integer> behaviors = new TreeMap<>();
        public Map<CopingStrategy, Integer> coping = new TreeMap<>();

        DayFigures add(CheckIn checkIn) {
            checkIns++;
            distressSum += checkIn.distress();
            if (checkIn.triggers() != null) {
                checkIn.triggers().forEach(t -> triggers.merge(t.category(), 1, Integer::sum));
            }
            if (checkIn.behaviors() != null) {
                checkIn.behaviors().forEach(b -> behaviors.merge(b.type(), b.countOrDefault(), Integer::sum));
            }
            if (checkIn.coping() != null) {
                checkIn.coping().forEach(c -> coping.merge(c, 1, Integer::sum));
            }
            return this;
        }
    }

    public static Topology build() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.windowStoreBuilder(
                        Stores.persistentWindowStore(DEDUP_STORE, RETENTION, RETENTION, false),
                        Serdes.String(),
                        Serdes.Long())
                .withLoggingEnabled(CHANGELOG));
        Serde<CheckIn> checkIns = new JacksonSerde<>(CheckIn.class);
        builder.stream(
                        Topics.CHECKINS.name(),
                        Consumed.with(Serdes.String(), checkIns).withTimestampExtractor(new LocalDayExtractor()))
                .processValues(Deduplicate::new, Named.as("naive-dedup"), DEDUP_STORE)
                .groupByKey(Grouped.with(Serdes.String(), checkIns))
                .windowedBy(TimeWindows.ofSizeAndGrace(DAY, RETENTION.minus(DAY)))
                .aggregate(
                        DayFigures::new,
                        (userId, checkIn, figures) -> figures.add(checkIn),
                        Named.as("naive-aggregate"),
                        Materialized.<String, DayFigures, WindowStore<Bytes, byte[]>>as(DAILY_STORE)
                                .withKeySerde(Serdes.String())
                                .withValueSerde(new JacksonSerde<>(DayFigures.class))
                                .withRetention(RETENTION)
                                .withLoggingEnabled(CHANGELOG));
        return builder.build();
    }

    /** The local day of {@code occurredAt} as the UTC date of the timestamp this peer gives it. */
    static long localTimestamp(OffsetDateTime occurredAt) {
        return occurredAt.toLocalDateTime().toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    /** The local day whose daily window starts at {@code windowStart}. */
    static LocalDate localDay(long windowStart) {
        return LocalDate.ofEpochDay(Math.floorDiv(windowStart, DAY.toMillis()));
    }

    /** occurredAt in the person's offset, read as UTC, so epoch-aligned daily windows are local days. */
    static final class LocalDayExtractor implements TimestampExtractor {
        @Override
        public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
            if (record.value() instanceof CheckIn checkIn && checkIn.occurredAt() != null) {
                return localTimestamp(checkIn.occurredAt());
            }
            return record.timestamp();
        }
    }

    /**
     * The EventDeduplication example's processor: an eventId seen within ±45 days of this event's
     * time is a duplicate and goes no further; otherwise it is remembered and forwarded.
     */
    static final class Deduplicate implements FixedKeyProcessor<String, CheckIn, CheckIn> {
        private static final long LEFT = RETENTION.toMillis() / 2;
        private static final long RIGHT = RETENTION.toMillis() - LEFT;
        private FixedKeyProcessorContext<String, CheckIn> context;
        private WindowStore<String, Long> eventIds;

        @Override
        public void init(FixedKeyProcessorContext<String, CheckIn> context) {
            this.context = context;
            this.eventIds = context.getStateStore(DEDUP_STORE);
        }

        @Override
        public void process(FixedKeyRecord<String, CheckIn> record) {
            CheckIn checkIn = record.value();
            if (checkIn == null || checkIn.eventId() == null) {
                return;
            }
            String eventId = checkIn.eventId().toString();
            long eventTime = record.timestamp();
            boolean duplicate;
            try (WindowStoreIterator<Long> seen = eventIds.fetch(eventId, eventTime - LEFT, eventTime + RIGHT)) {
                duplicate = seen.hasNext();
            }
            if (!duplicate) {
                eventIds.put(eventId, eventTime, eventTime);
                context.forward(record);
            }
        }
    }

    /** A Jackson data-binding serde, the usual hand-rolled one. */
    static final class JacksonSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {
        private final Class<T> type;

        JacksonSerde(Class<T> type) {
            this.type = type;
        }

        @Override
        public byte[] serialize(String topic, T data) {
            if (data == null) {
                return null;
            }
            try {
                return MAPPER.writeValueAsBytes(data);
            } catch (IOException e) {
                throw new SerializationException("could not write " + type.getSimpleName(), e);
            }
        }

        @Override
        public T deserialize(String topic, byte[] data) {
            if (data == null) {
                return null;
            }
            try {
                return MAPPER.readValue(data, type);
            } catch (IOException e) {
                throw new SerializationException("could not read " + type.getSimpleName(), e);
            }
        }

        @Override
        public void configure(Map<String, ?> configs, boolean isKey) {}

        @Override
        public void close() {}

        @Override
        public Serializer<T> serializer() {
            return this;
        }

        @Override
        public Deserializer<T> deserializer() {
            return this;
        }
    }
}
