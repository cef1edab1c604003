package dev.reflect.streams.deadletter;

import dev.reflect.events.FieldError;
import dev.reflect.events.serde.InvalidEventException;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * KIP-1034 deserialization exception handler: a record a source cannot deserialize goes to the
 * dead-letter topic with its original bytes, and processing continues. The topology reads bytes,
 * so this only fires for sources wired with a typed serde; for the events module's validating
 * serdes it keeps their reason ({@code not-json}, {@code invalid-schema}, {@code invalid-value}).
 */
public final class DeadLetterDeserializationExceptionHandler implements DeserializationExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterDeserializationExceptionHandler.class);

    private DeadLetterRoute deadLetters = DeadLetterRoute.unconfigured();

    @Override
    public void configure(Map<String, ?> configs) {
        deadLetters = DeadLetterRoute.from(configs);
    }

    @Override
    public Response handleError(
            ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        DeadLetterReason reason = DeadLetterReason.NOT_DESERIALIZABLE;
        List<String> fields = List.of();
        if (exception instanceof InvalidEventException invalid) {
            reason = DeadLetterReason.of(invalid.reason());
            fields = invalid.errors().stream().map(FieldError::field).toList();
        } else {
            LOG.warn(
                    "Could not deserialize {}-{}@{}; record sent to the dead-letter topic",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    DeadLetterTopicConfig.withoutMessages(exception));
        }
        var headers = DeadLetters.headers(
                record.headers(), reason, record.topic(), record.partition(), record.offset(), fields);
        return Response.resume(deadLetters.send(
                record.key(),
                record.value(),
                headers,
                record.timestamp() >= 0 ? record.timestamp() : System.currentTimeMillis(),
                reason));
    }
}
