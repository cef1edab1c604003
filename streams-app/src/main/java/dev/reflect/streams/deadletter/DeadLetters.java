package dev.reflect.streams.deadletter;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The dead-letter record format of {@code reflect.deadletter.v1}: the original key and value
 * bytes, the original headers, and these headers (UTF-8 strings) saying why and where from.
 * No header ever holds submitted content; {@link #FIELDS} names fields, never their values.
 */
public final class DeadLetters {

    /** A {@link DeadLetterReason} code, e.g. {@code invalid-schema}. */
    public static final String REASON = "reflect.deadletter.reason";

    public static final String SOURCE_TOPIC = "reflect.deadletter.topic";
    public static final String SOURCE_PARTITION = "reflect.deadletter.partition";
    public static final String SOURCE_OFFSET = "reflect.deadletter.offset";
    /** For validation failures: the failing field paths, comma-separated, e.g. {@code distress,behaviors[1].count}. */
    public static final String FIELDS = "reflect.deadletter.fields";

    private static final int MAX_FIELDS_LENGTH = 1024;

    private DeadLetters() {}

    /** The headers of a dead letter: a copy of the original ones plus ours. */
    public static Headers headers(
            Headers original,
            DeadLetterReason reason,
            String topic,
            int partition,
            long offset,
            Collection<String> fields) {
        RecordHeaders headers =
                new RecordHeaders(original == null ? new RecordHeaders().toArray() : original.toArray());
        headers.remove(REASON)
                .remove(SOURCE_TOPIC)
                .remove(SOURCE_PARTITION)
                .remove(SOURCE_OFFSET)
                .remove(FIELDS);
        headers.add(REASON, utf8(reason.code()));
        headers.add(SOURCE_TOPIC, utf8(topic == null ? "" : topic));
        headers.add(SOURCE_PARTITION, utf8(Integer.toString(partition)));
        headers.add(SOURCE_OFFSET, utf8(Long.toString(offset)));
        if (fields != null && !fields.isEmpty()) {
            String joined = String.join(",", fields);
            headers.add(
                    FIELDS,
                    utf8(joined.length() > MAX_FIELDS_LENGTH ? joined.substring(0, MAX_FIELDS_LENGTH) : joined));
        }
        return headers;
    }

    /** A dead letter as the exception handlers hand it to Kafka Streams. */
    public static ProducerRecord<byte[], byte[]> record(
            String deadLetterTopic, byte[] key, byte[] value, Headers headers, long timestamp) {
        return new ProducerRecord<>(deadLetterTopic, null, timestamp, key, value, headers);
    }

    /** A header's value as a string, or null when absent. */
    public static String header(Headers headers, String name) {
        var header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
