package dev.reflect.bench;

import dev.reflect.bench.BenchOptions.Scenario;
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
final class RawProducerLoop implements ScenarioRunner, AutoCloseable {

    private final String topic;
    private final List<byte[]> keys;
    private final List<EventIdTemplate> payloads;
    private final Producer<byte[], byte[]> producer;
    private final LongAdder acknowledged = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private long counter;

    RawProducerLoop(
            Map<String, Object> producerConfig, String topic, List<String> userIds, List<EventIdTemplate> payloads) {
        this.topic = topic;
        this.keys =
                userIds.stream().map(id -> id.getBytes(StandardCharsets.UTF_8)).toList();
        this.payloads = payloads;
        this.producer = new KafkaProducer<>(producerConfig);
    }

    @Override
    public Scenario scenario() {
        return Scenario.RAW;
    }

    @Override
    public void load(Duration duration) {
        sendFor(duration);
        // What is still buffered (up to buffer.memory, tens of thousands of records) must not
        // drain into the next scenario's measurement.
        producer.flush();
    }

    @Override
    public ScenarioResult measure(Duration duration) {
        long ackedBefore = acknowledged.sum();
        long failedBefore = failed.sum();
        CpuSample start = CpuSample.now();
        sendFor(duration);
        CpuSample end = CpuSample.now();
        long ackedInWindow = acknowledged.sum() - ackedBefore;
        long failedInWindow = failed.sum() - failedBefore;
        producer.flush();
        double seconds = (end.nanoTime() - start.nanoTime()) / 1e9;
        CpuSample.Usage cpu = start.until(end);
        return new ScenarioResult(
                Scenario.RAW,
                "(a) raw KafkaProducer loop, same producer config",
                ackedInWindow / seconds,
                null,
                null,
                null,
                cpu,
                null,
                ScenarioResult.notes(cpu, failedInWindow == 0 ? null : failedInWindow + " sends failed"));
    }

    /** Records the broker acknowledged since this loop started, warm-up included. */
    long totalAcknowledged() {
        return acknowledged.sum();
    }

    @Override
    public void close() {
        producer.close();
    }

    private void sendFor(Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            send(counter++);
        }
    }

    private void send(long count) {
        byte[] key = keys.get((int) (count % keys.size()));
        byte[] value = payloads.get((int) (count % payloads.size())).withCounter(count);
        var unused = producer.send(new ProducerRecord<>(topic, key, value), (metadata, exception) -> {
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
            if (at < 0
                    || text.indexOf(eventId, at + 1) >= 0
                    || !text.substring(0, at).chars().allMatch(c -> c < 0x80)) {
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
