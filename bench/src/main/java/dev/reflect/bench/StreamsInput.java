package dev.reflect.bench;

import dev.reflect.events.CheckIn;
import dev.reflect.events.Topics;
import dev.reflect.events.validation.EventParser;
import dev.reflect.events.validation.Validated;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntUnaryOperator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The throughput input: check-ins exactly as the ingest service writes them to
 * {@code reflect.checkins.v1} (with {@code userId} and {@code receivedAt}, key = userId), for many
 * users, each with its own eventId so none is a duplicate. Bodies come from {@link CheckInBodies}
 * (300–500 bytes, occurredAt over the last 60 days in several offsets); users are drawn at random,
 * so each has events on scattered days, as offline clients produce.
 */
final class StreamsInput {

    private static final int FRAGMENTS = 512;

    private StreamsInput() {}

    /** The name of user {@code index}; the same in the input and the freshness load. */
    static String userId(int index) {
        return String.format(Locale.ROOT, "bench-user-%06d", index);
    }

    /** Writes {@code events} check-ins of {@code users} users; returns the bytes written (values only). */
    static long produce(String bootstrapServers, int users, int events, long seed) {
        Random random = new Random(seed);
        return produce(bootstrapServers, events, seed, random, i -> random.nextInt(users));
    }

    /**
     * Writes one check-in for each of {@code users} users, in the order of their index, so that
     * every user has state; returns the bytes written (values only).
     */
    static long produceOneEach(String bootstrapServers, int users, long seed) {
        return produce(bootstrapServers, users, seed, new Random(seed), i -> i);
    }

    private static long produce(
            String bootstrapServers, int events, long seed, Random random, IntUnaryOperator userOfEvent) {
        Instant now = Instant.now();
        List<CheckIn> templates = templates(now, seed);
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.LINGER_MS_CONFIG,
                20,
                ProducerConfig.BATCH_SIZE_CONFIG,
                256 * 1024,
                // One batch in flight per partition: on a loaded machine the fresh topic's first
                // sends met NOT_LEADER_OR_FOLLOWER, and with five in flight the retries came back
                // OUT_OF_ORDER_SEQUENCE_NUMBER forever. Producing the input is not measured.
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
                1);
        AtomicReference<Exception> failure = new AtomicReference<>();
        long bytes = 0;
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < events; i++) {
                String userId = userId(userOfEvent.applyAsInt(i));
                CheckIn template = templates.get(random.nextInt(templates.size()));
                CheckIn event = new CheckIn(
                        uuid(random),
                        template.occurredAt(),
                        template.context(),
                        template.distress(),
                        template.triggers(),
                        template.behaviors(),
                        template.coping(),
                        template.note(),
                        userId,
                        now);
                byte[] value = Topics.CHECKINS.valueSerde().serializer().serialize(Topics.CHECKINS.name(), event);
                bytes += value.length;
                var unused = producer.send(
                        new ProducerRecord<>(Topics.CHECKINS.name(), userId.getBytes(StandardCharsets.UTF_8), value),
                        (metadata, e) -> {
                            if (e != null) {
                                failure.compareAndSet(null, e);
                            }
                        });
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("producing the input failed", failure.get());
        }
        return bytes;
    }

    /** Valid check-ins (as a client would send them) whose fields every input record copies. */
    private static List<CheckIn> templates(Instant now, long seed) {
        EventParser parser = new EventParser(Clock.systemUTC());
        List<CheckIn> templates = new ArrayList<>(FRAGMENTS);
        for (String fragment : CheckInBodies.fragments(FRAGMENTS, now, seed)) {
            byte[] body =
                    CheckInBodies.body(UUID.randomUUID().toString(), fragment).getBytes(StandardCharsets.UTF_8);
            Validated<CheckIn> parsed = parser.clientCheckIn(body, "template");
            if (!parsed.isValid()) {
                throw new IllegalStateException("a generated check-in is invalid: " + parsed.errors());
            }
            templates.add(parsed.value());
        }
        return templates;
    }

    /** A version 4 UUID from the seeded generator, so a run's input is reproducible. */
    private static UUID uuid(Random random) {
        long most = (random.nextLong() & ~0xF000L) | 0x4000L;
        long least = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(most, least);
    }
}
