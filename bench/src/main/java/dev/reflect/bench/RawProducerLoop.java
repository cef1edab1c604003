package dev.reflect.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Scenario (a): the Kafka ceiling. One thread sends check-in records in a tight loop through a
 * {@link KafkaProducer} with exactly the ingest service's configuration, and counts what the
 * broker acknowledged. {@code send()} blocks once {@code buffer.memory} is full, so the loop runs
 * as fast as the broker takes records and no faster.
 *
 * <p>The records are check-ins as the service writes them (userId and receivedAt included),
 * serialized once up front; each send copies one and stamps a fresh eventId into it. The loop
 * therefore pays for Kafka only, not for JSON: it is the bar that HTTP ingest is measured against.
 */
final class RawProducerLoop {

    /** What the measured window saw; {@code totalAcknowledged} also counts the warm-up. */
    record Result(double acknowledgedPerSecond, long failed, long totalAcknowledged, CpuSample.Usage cpu) {
    }

    private final Map<String, Object> producerConfig;
    private final String topic;
    private final List<byte[]> keys;
    private final List<EventIdTemplate> payloads;

    RawProducerLoop(Map<String, Object> producerConfig, String topic, List<String> userIds, List<EventIdTemplate> payloads) {
        this.producerConfig = producerConfig;
        this.topic = topic;
        this.keys = userIds.stream().map(id -> id.getBytes(StandardCharsets.UTF_8)).toList();
        this.payloads = payloads;
    }

    Result run(JitWarmup warmup, Duration measure) {
        LongAdder acknowledged = new LongAdder();
        LongAdder failed = new LongAdder();
        long[] counter = {0};
        try (Producer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig)) {
            warmup.run(slice -> sendFor(slice, producer, counter, acknowledged, failed));
            long ackedBefore = acknowledged.sum();
            long failedBefore = failed.sum();
            CpuSample start = CpuSample.now();
            sendFor(measure, producer, counter, acknowledged, failed);
            CpuSample end = CpuSample.now();
            long ackedInWindow = acknowledged.sum() - ackedBefore;
            long failedInWindow = failed.sum() - failedBefore;
            producer.flush();
            double seconds = (end.nanoTime() - start.nanoTime()) / 1e9;
            return new Result(ackedInWindow / seconds, failedInWindow, acknowledged.sum(), start.until(end));
        }
    }

    private void sendFor(Duration duration, Producer<byte[], byte[]> producer, long[] counter, LongAdder acknowledged,
                         LongAdder failed) {
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            send(producer, counter[0]++, acknowledged, failed);
        }
    }

    private void send(Producer<byte[], byte[]> producer, long counter, LongAdder acknowledged, LongAdder failed) {
        byte[] key = keys.get((int) (counter % keys.size()));
        byte[] value = payloads.get((int) (counter % payloads.size())).withCounter(counter);
        producer.send(new ProducerRecord<>(topic, key, value), (metadata, exception) -> {
            if (exception == null) {
                acknowledged.increment();
            } else {
                failed.increment();
            }
        });
    }

    /**
     * A serialized record whose eventId ends in 12 placeholder hex digits; {@link #withCounter}
     * copies it and writes a counter there, which keeps eventIds unique within a run for the price
     * of an array copy.
     */
    record EventIdTemplate(byte[] bytes, int counterOffset) {

        static final int COUNTER_DIGITS = 12;
        private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

        /** {@code bytes} must contain {@code eventId}, a UUID, exactly once. */
        static EventIdTemplate of(byte[] bytes, String eventId) {
            String text = new String(bytes, StandardCharsets.UTF_8);
            int at = text.indexOf(eventId);
            if (at < 0 || text.indexOf(eventId, at + 1) >= 0 || !text.substring(0, at).chars().allMatch(c -> c < 0x80)) {
                throw new IllegalArgumentException("the eventId must appear exactly once, after ASCII text only");
            }
            return new EventIdTemplate(bytes, at + eventId.length() - COUNTER_DIGITS);
        }

        byte[] withCounter(long counter) {
            byte[] copy = bytes.clone();
            long rest = counter;
            for (int i = counterOffset + COUNTER_DIGITS - 1; i >= counterOffset; i--) {
                copy[i] = HEX[(int) (rest & 0xf)];
                rest >>>= 4;
            }
            return copy;
        }
    }
}
