package dev.reflect.streams.deadletter;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The largest record each output topic takes, so that the topology sends none the broker will
 * refuse. Under exactly-once a single refused record dooms its whole transaction: the task would
 * reprocess, meet the same record and be refused again, for ever (issue seen with an alert larger
 * than its topic's {@code max.message.bytes}). So records are measured before they are sent, and
 * one that cannot fit goes to the dead-letter topic instead.
 *
 * <p>A topic's limit is the smaller of its {@code max.message.bytes} (read from the cluster by the
 * app, and again every so often, as an operator may change it) and the producer's
 * {@code max.request.size}. When the broker refuses a record all the same (the setting changed
 * since it was read), {@link #refused} lowers the topic's limit below that record's size, so the
 * retry after the failed transaction dead-letters it. Thread-safe.
 */
public final class OutputLimits {

    /** Kafka's record batch header (format v2). */
    static final int BATCH_OVERHEAD = 61;
    /** A record's own framing at most: length, attributes, timestamp and offset deltas, key and value lengths, header count. */
    static final int RECORD_OVERHEAD = 5 + 1 + 10 + 5 + 5 + 5 + 5;
    /** The producer's own default {@code max.request.size}. */
    public static final int DEFAULT_MAX_REQUEST_SIZE = 1024 * 1024;

    private final Map<String, Integer> topicLimits = new ConcurrentHashMap<>();
    private volatile int maxRequestSize = DEFAULT_MAX_REQUEST_SIZE;

    /** The producer's {@code max.request.size}: no record larger than it leaves the client. */
    public void maxRequestSize(int bytes) {
        this.maxRequestSize = bytes;
    }

    /** {@code topic}'s {@code max.message.bytes}, as read from the cluster. */
    public void topicLimit(String topic, int maxMessageBytes) {
        topicLimits.put(topic, maxMessageBytes);
    }

    /** The broker refused a record of {@code size} bytes for {@code topic} as too large: nothing that size fits. */
    public void refused(String topic, int size) {
        topicLimits.merge(topic, Math.max(0, size - 1), Math::min);
    }

    /** The most bytes a batch of one record may have on {@code topic}. */
    public int limit(String topic) {
        return Math.min(maxRequestSize, topicLimits.getOrDefault(topic, Integer.MAX_VALUE));
    }

    /** The topics whose limit is known, with that limit. */
    public Map<String, Integer> known() {
        Map<String, Integer> known = new TreeMap<>();
        topicLimits.keySet().forEach(topic -> known.put(topic, limit(topic)));
        return known;
    }

    /** Whether a record of this key, value and headers fits on {@code topic}. */
    public boolean fits(String topic, byte[] key, byte[] value, Headers headers) {
        return size(key, value, headers) <= limit(topic);
    }

    /** An upper bound of the bytes a one-record batch of this record takes (format v2, no compression). */
    public static int size(byte[] key, byte[] value, Headers headers) {
        long size = (long) BATCH_OVERHEAD + RECORD_OVERHEAD + length(key) + length(value);
        if (headers != null) {
            for (Header header : headers) {
                size += 10L + header.key().getBytes(StandardCharsets.UTF_8).length + length(header.value());
            }
        }
        return (int) Math.min(Integer.MAX_VALUE, size);
    }

    private static int length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }
}
