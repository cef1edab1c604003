package dev.reflect.streams.deadletter;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.reflect.events.FieldError;
import dev.reflect.events.Topics;
import dev.reflect.events.serde.InvalidEventException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProcessorStateException;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

class DeadLetterHandlersTest {

    private static final byte[] KEY = "u-1".getBytes(UTF_8);
    private static final byte[] VALUE = "{\"note\":\"private words\"}".getBytes(UTF_8);

    @Test
    void aThrowingProcessorDeadLettersTheSourceRecordAndResumes() {
        DeadLetterProcessingExceptionHandler handler = new DeadLetterProcessingExceptionHandler();
        handler.configure(Map.of(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "dlq"));

        ProcessingExceptionHandler.Response response = handler.handleError(
                context(), new Record<>("u-1", "x", 5L), new IllegalStateException("a bug mentioning private words"));

        assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).singleElement().satisfies(letter -> {
            assertThat(letter.topic()).isEqualTo("dlq");
            assertThat(letter.key()).isEqualTo(KEY);
            assertThat(letter.value()).isEqualTo(VALUE);
            assertHeaders(letter, "processing-error");
            assertThat(DeadLetters.header(letter.headers(), "traceparent")).isEqualTo("t-1");
        });
    }

    @Test
    void aFailingStoreFailsTheTaskInsteadOfDeadLetteringEverything() {
        DeadLetterProcessingExceptionHandler handler = new DeadLetterProcessingExceptionHandler();
        handler.configure(Map.of());

        ProcessingExceptionHandler.Response response =
                handler.handleError(context(), new Record<>("u-1", "x", 5L), new ProcessorStateException("disk full"));

        assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.FAIL);
    }

    @Test
    void anInvalidEventFromATypedSerdeKeepsItsReasonAndFields() {
        DeadLetterDeserializationExceptionHandler handler = new DeadLetterDeserializationExceptionHandler();
        handler.configure(Map.of());
        InvalidEventException invalid =
                new InvalidEventException("CheckIn", List.of(new FieldError("distress", "must be between 0 and 10")));

        DeserializationExceptionHandler.Response response = handler.handleError(context(), consumerRecord(), invalid);

        assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).singleElement().satisfies(letter -> {
            assertThat(letter.topic()).isEqualTo(Topics.DEADLETTER.name());
            assertThat(letter.key()).isEqualTo(KEY);
            assertThat(letter.value()).isEqualTo(VALUE);
            assertThat(letter.timestamp()).isEqualTo(1234L);
            assertHeaders(letter, "invalid-schema");
            assertThat(DeadLetters.header(letter.headers(), DeadLetters.FIELDS)).isEqualTo("distress");
        });
    }

    @Test
    void anyOtherDeserializationFailureIsNotDeserializable() {
        DeadLetterDeserializationExceptionHandler handler = new DeadLetterDeserializationExceptionHandler();
        handler.configure(Map.of());

        DeserializationExceptionHandler.Response response = handler.handleError(
                context(), consumerRecord(), new org.apache.kafka.common.errors.SerializationException("boom"));

        assertThat(response.deadLetterQueueRecords())
                .singleElement()
                .satisfies(letter -> assertHeaders(letter, "not-deserializable"));
    }

    @Test
    void everyDeadLetterOfTheHandlersIsCountedWithItsReason() {
        List<DeadLetterReason> counted = new CopyOnWriteArrayList<>();
        Consumer<DeadLetterReason> rejections = counted::add;
        DeadLetterProcessingExceptionHandler processing = new DeadLetterProcessingExceptionHandler();
        processing.configure(Map.of(DeadLetterTopicConfig.REJECTIONS_CONFIG, rejections));
        DeadLetterDeserializationExceptionHandler deserialization = new DeadLetterDeserializationExceptionHandler();
        deserialization.configure(Map.of(DeadLetterTopicConfig.REJECTIONS_CONFIG, rejections));

        processing.handleError(context(), new Record<>("u-1", "x", 5L), new IllegalStateException("bug"));
        processing.handleError(context(), new Record<>("u-1", "x", 5L), new ProcessorStateException("disk full"));
        deserialization.handleError(
                context(), consumerRecord(), new org.apache.kafka.common.errors.SerializationException("boom"));

        assertThat(counted).containsExactly(DeadLetterReason.PROCESSING_ERROR, DeadLetterReason.NOT_DESERIALIZABLE);
    }

    @Test
    void aFailingCounterNeverFailsTheHandler() {
        DeadLetterProcessingExceptionHandler handler = new DeadLetterProcessingExceptionHandler();
        Consumer<DeadLetterReason> broken = reason -> {
            throw new IllegalStateException("metrics down");
        };
        handler.configure(Map.of(DeadLetterTopicConfig.REJECTIONS_CONFIG, broken));

        ProcessingExceptionHandler.Response response =
                handler.handleError(context(), new Record<>("u-1", "x", 5L), new IllegalStateException("bug"));

        assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.RESUME);
    }

    @Test
    void messagesAreStrippedBeforeLogging() {
        Throwable stripped = DeadLetterTopicConfig.withoutMessages(
                new IllegalStateException("private words", new RuntimeException("more private words")));

        assertThat(stripped.getMessage()).isEqualTo(IllegalStateException.class.getName());
        assertThat(stripped.getCause().getMessage()).isEqualTo(RuntimeException.class.getName());
    }

    private static void assertHeaders(ProducerRecord<byte[], byte[]> letter, String reason) {
        assertThat(DeadLetters.header(letter.headers(), DeadLetters.REASON)).isEqualTo(reason);
        assertThat(DeadLetters.header(letter.headers(), DeadLetters.SOURCE_TOPIC))
                .isEqualTo(Topics.CHECKINS.name());
        assertThat(DeadLetters.header(letter.headers(), DeadLetters.SOURCE_PARTITION))
                .isEqualTo("2");
        assertThat(DeadLetters.header(letter.headers(), DeadLetters.SOURCE_OFFSET))
                .isEqualTo("41");
    }

    private static ConsumerRecord<byte[], byte[]> consumerRecord() {
        return new ConsumerRecord<>(
                Topics.CHECKINS.name(),
                2,
                41L,
                1234L,
                TimestampType.CREATE_TIME,
                KEY.length,
                VALUE.length,
                KEY,
                VALUE,
                headers(),
                Optional.empty());
    }

    private static Headers headers() {
        return new RecordHeaders().add("traceparent", "t-1".getBytes(UTF_8));
    }

    static ErrorHandlerContext context() {
        return new ErrorHandlerContext() {
            @Override
            public String topic() {
                return Topics.CHECKINS.name();
            }

            @Override
            public int partition() {
                return 2;
            }

            @Override
            public long offset() {
                return 41L;
            }

            @Override
            public Headers headers() {
                return DeadLetterHandlersTest.headers();
            }

            @Override
            public String processorNodeId() {
                return "aggregate-user-patterns";
            }

            @Override
            public TaskId taskId() {
                return new TaskId(0, 2);
            }

            @Override
            public long timestamp() {
                return 1234L;
            }

            @Override
            public byte[] sourceRawKey() {
                return KEY;
            }

            @Override
            public byte[] sourceRawValue() {
                return VALUE;
            }
        };
    }
}
