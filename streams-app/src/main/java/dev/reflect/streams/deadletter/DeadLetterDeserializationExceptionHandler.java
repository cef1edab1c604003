package dev.reflect.streams.deadletter;

import dev.reflect.events.FieldError;
import dev.reflect.events.serde.InvalidEventException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
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

    private String topic;
    private Consumer<DeadLetterReason> rejections = reason -> {};

    @Override
    public void configure(Map<String, ?> configs) {
        topic = DeadLetterTopicConfig.topic(configs);
        rejections = DeadLetterTopicConfig.rejections(configs);
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
        rejections.accept(reason);
        return Response.resume(List.of(DeadLetters.record(
                topic == null ? DeadLetterTopicConfig.topic(null) : topic,
                record.key(),
                record.value(),
                headers,
                record.timestamp() >= 0 ? record.timestamp() : System.currentTimeMillis())));
    }
}
