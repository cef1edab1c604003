package dev.reflect.streams.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflect.streams.deadletter.RefusedWrites;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.streams.errors.MissingSourceTopicException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class StreamThreadFailuresTest {

    private final AtomicLong now = new AtomicLong();
    private final StreamThreadFailures failures = new StreamThreadFailures(now::get);

    @Test
    void aFailedThreadIsReplacedAFewTimesThenTheClientStops() {
        for (int i = 0; i < StreamThreadFailures.MAX_REPLACEMENTS; i++) {
            assertThat(failures.handle(new StreamsException("boom")))
                    .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
            now.addAndGet(1_000_000_000L);
        }
        assertThat(failures.handle(new StreamsException("boom")))
                .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    }

    @Test
    void failuresOutsideTheWindowAreForgotten() {
        for (int i = 0; i < 10; i++) {
            assertThat(failures.handle(new StreamsException("boom")))
                    .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
            now.addAndGet(StreamThreadFailures.WINDOW.toNanos() / 2);
        }
    }

    @Test
    void missingSourceTopicsStopTheClientAtOnce() {
        MissingSourceTopicException missing = new MissingSourceTopicException("missing " + Set.of("t"));

        assertThat(failures.handle(new StreamsException(missing)))
                .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    }

    @Test
    void aSendKafkaRefusedForGoodIsRecordedWithItsTopic() {
        RefusedWrites refusals = new RefusedWrites();
        StreamThreadFailures withRefusals = new StreamThreadFailures(now::get, refusals);

        withRefusals.handle(new StreamsException(
                "Error encountered sending record to topic reflect.alerts.v1 for task 0_1 due to: ...",
                new TopicAuthorizationException(Set.of("reflect.alerts.v1"))));

        assertThat(refusals.last()).hasValueSatisfying(refusal -> {
            assertThat(refusal.topic()).isEqualTo("reflect.alerts.v1");
            assertThat(refusal.cause()).isEqualTo("TopicAuthorizationException");
        });
    }
}
