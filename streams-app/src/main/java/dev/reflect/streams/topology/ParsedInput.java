package dev.reflect.streams.topology;

import dev.reflect.events.ReflectEvent;
import dev.reflect.events.validation.Validated;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * An input record's value as the sources hand it on: the bytes as read, for a dead letter, and
 * what the events module made of them. Parsing in the source's deserializer, which runs before
 * the timestamp extractor, lets the extractor take occurredAt from the parsed event instead of
 * scanning the JSON a second time.
 *
 * @param bytes  the value exactly as it was on the topic; null for a null value
 * @param parsed the event, or why it is not one
 */
record ParsedInput<T extends ReflectEvent>(byte[] bytes, Validated<T> parsed) {

    /**
     * Parses every value with {@code parser}, which must report, never throw: nothing reaches the
     * deserialization exception handler, so the validator can dead-letter every record itself.
     */
    static <T extends ReflectEvent> Deserializer<ParsedInput<T>> deserializer(Function<byte[], Validated<T>> parser) {
        return (topic, bytes) -> new ParsedInput<>(bytes, parser.apply(bytes));
    }
}
