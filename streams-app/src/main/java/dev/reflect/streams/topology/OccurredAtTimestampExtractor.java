package dev.reflect.streams.topology;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.reflect.events.Json;
import dev.reflect.events.ReflectEvent;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time is {@code occurredAt}: when the person lived it, not when their phone synced.
 *
 * <p>The topology's sources parse each value once ({@link ParsedInput}) and this takes occurredAt
 * from the parsed event. For raw bytes, and for a record the parser rejected, it scans the
 * top-level fields with a streaming parser and stops at {@code occurredAt}, which the ingest
 * service writes second; it does not validate anything. A record without a readable occurredAt
 * gets its Kafka timestamp (or the partition's time) instead: it will be dead-lettered anyway,
 * and a negative timestamp would make Kafka Streams drop it silently, without a dead letter.
 */
public final class OccurredAtTimestampExtractor implements TimestampExtractor {

    private static final JsonFactory FACTORY = Json.mapper().getFactory();

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        Object value = record.value();
        long occurredAt = -1;
        if (value instanceof ParsedInput<?> input) {
            // A valid event's occurredAt was read by the parser; only a rejected record is scanned.
            occurredAt = input.parsed().isValid()
                    ? input.parsed().value().occurredAt().toInstant().toEpochMilli()
                    : occurredAtMillis(input.bytes());
        } else if (value instanceof byte[] bytes) {
            occurredAt = occurredAtMillis(bytes);
        } else if (value instanceof ReflectEvent event && event.occurredAt() != null) {
            occurredAt = event.occurredAt().toInstant().toEpochMilli();
        }
        if (occurredAt >= 0) {
            return occurredAt;
        }
        if (record.timestamp() >= 0) {
            return record.timestamp();
        }
        return Math.max(partitionTime, 0);
    }

    /** occurredAt in epoch milliseconds, or -1 when the bytes hold no readable one. */
    static long occurredAtMillis(byte[] json) {
        if (json == null || json.length == 0) {
            return -1;
        }
        try (JsonParser parser = FACTORY.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return -1;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken token = parser.nextToken();
                if ("occurredAt".equals(field)) {
                    return token == JsonToken.VALUE_STRING ? parse(parser.getText()) : -1;
                }
                parser.skipChildren();
            }
            return -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long parse(String text) {
        try {
            long millis = OffsetDateTime.parse(text).toInstant().toEpochMilli();
            return millis >= 0 ? millis : -1;
        } catch (DateTimeParseException | ArithmeticException e) {
            return -1;
        }
    }
}
