package dev.reflect.events.serde;

import dev.reflect.events.validation.Validated;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The serde of an input-event topic: writes like {@link JsonSerde}, but reads through the
 * validator, so a record that deserializes is a record every rule of the contract holds for, and
 * one that does not fails with an {@link InvalidEventException} that a Streams deserialization
 * handler can route to the dead-letter topic by its reason code.
 *
 * <p>Writing does not validate: the ingest service has already validated the client body, and
 * a second parse on the hot path would buy nothing the readers do not check anyway.
 */
public final class EventSerde<T> implements Serde<T> {

    private final Class<T> type;
    private final Function<byte[], Validated<T>> parser;
    private final Serializer<T> writer;

    public EventSerde(Class<T> type, Function<byte[], Validated<T>> parser) {
        this(type, parser, new JsonSerde<>(type).serializer());
    }

    /** With a writer of its own, which must write exactly what {@link JsonSerde} would (a faster one, say). */
    public EventSerde(Class<T> type, Function<byte[], Validated<T>> parser, Serializer<T> writer) {
        this.type = type;
        this.parser = parser;
        this.writer = writer;
    }

    @Override
    public Serializer<T> serializer() {
        return writer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            Validated<T> parsed = parser.apply(bytes);
            if (!parsed.isValid()) {
                throw new InvalidEventException(type.getSimpleName(), parsed.errors());
            }
            return parsed.value();
        };
    }
}
