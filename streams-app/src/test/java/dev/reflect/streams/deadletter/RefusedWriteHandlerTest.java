package dev.reflect.streams.deadletter;

import static dev.reflect.streams.deadletter.DeadLetterHandlersTest.context;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.reflect.events.Topics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.Response;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The rules for a write Kafka refused (issue 18): what can never succeed lowers its topic's limit
 * and fails the task, so the retry dead-letters it; a changelog refusal fails the task; what may
 * pass is retried; the rest fails. Every refusal is counted and logged with topic and cause, and
 * never with the record.
 */
class RefusedWriteHandlerTest {

    private static final String WORDS = "words the person wrote";

    private final OutputLimits limits = new OutputLimits();
    private final RefusedWrites refusals = new RefusedWrites();
    private final List<String> counted = new CopyOnWriteArrayList<>();
    private final RefusedWriteHandler handler = new RefusedWriteHandler();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeEach
    void configure() {
        refusals.countWith((topic, cause) -> counted.add(topic + "/" + cause));
        handler.configure(
                Map.of(RefusedWriteHandler.LIMITS_CONFIG, limits, RefusedWriteHandler.REFUSALS_CONFIG, refusals));
        logs.start();
        ((Logger) LoggerFactory.getLogger(RefusedWriteHandler.class)).addAppender(logs);
    }

    @AfterEach
    void noRecordInTheLogs() {
        ((Logger) LoggerFactory.getLogger(RefusedWriteHandler.class)).detachAppender(logs);
        assertThat(logs.list)
                .allSatisfy(event -> assertThat(event.getFormattedMessage()).doesNotContain(WORDS));
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, int size) {
        byte[] value = (WORDS + " ".repeat(Math.max(0, size - WORDS.length()))).getBytes(UTF_8);
        return new ProducerRecord<>(topic, "u-1".getBytes(UTF_8), value);
    }

    @Test
    void anAlertTooLargeForItsTopicLowersTheLimitBelowItAndFailsTheTask() {
        ProducerRecord<byte[], byte[]> alert = record(Topics.ALERTS.name(), 400);
        int size = OutputLimits.size(alert.key(), alert.value(), alert.headers());

        Response response = handler.handleError(context(), alert, new RecordTooLargeException("too large"));

        assertThat(response.result()).isEqualTo(Result.FAIL);
        assertThat(response.deadLetterQueueRecords())
                .as("never sent from the producer's I/O thread")
                .isEmpty();
        assertThat(limits.limit(Topics.ALERTS.name())).isEqualTo(size - 1);
        assertThat(limits.fits(Topics.ALERTS.name(), alert.key(), alert.value(), alert.headers()))
                .isFalse();
        assertThat(counted).containsExactly(Topics.ALERTS.name() + "/RecordTooLargeException");
        assertThat(refusals.last())
                .hasValueSatisfying(last -> assertThat(last.topic()).isEqualTo(Topics.ALERTS.name()));
        assertThat(logs.list)
                .singleElement()
                .satisfies(event -> assertThat(event.getFormattedMessage())
                        .contains(Topics.ALERTS.name())
                        .contains("RecordTooLargeException")
                        .contains("dead-letter topic"));
    }

    @Test
    void aChangelogThatRefusesAWriteFailsTheTaskAndIsNeverSkipped() {
        Response response = handler.handleError(
                context(),
                record("reflect-streams-reflect-user-state-changelog", 100),
                new RecordTooLargeException("too large"));

        assertThat(response.result()).isEqualTo(Result.FAIL);
        assertThat(limits.limit("reflect-streams-reflect-user-state-changelog"))
                .as("a changelog record cannot go elsewhere")
                .isEqualTo(OutputLimits.DEFAULT_MAX_REQUEST_SIZE);
        assertThat(logs.list.get(0).getFormattedMessage()).contains("changelog").contains("rather than lose state");
    }

    @Test
    void whatMayPassIsRetried() {
        for (Exception transient1 : List.of(new TimeoutException("t"), new NotEnoughReplicasException("n"))) {
            assertThat(handler.handleError(context(), record(Topics.ALERTS.name(), 50), transient1)
                            .result())
                    .isEqualTo(Result.RETRY);
        }
    }

    @Test
    void aMissingTopicFailsTheTask() {
        Response response = handler.handleError(
                context(), record(Topics.ALERTS.name(), 50), new UnknownTopicOrPartitionException("gone"));

        assertThat(response.result()).isEqualTo(Result.FAIL);
        assertThat(counted).containsExactly(Topics.ALERTS.name() + "/UnknownTopicOrPartitionException");
    }
}
