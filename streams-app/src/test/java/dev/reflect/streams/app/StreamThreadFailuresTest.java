package dev.reflect.streams.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
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
}
