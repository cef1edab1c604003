package dev.reflect.streams.app;

import dev.reflect.service.log.SafeThrowables;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.errors.MissingSourceTopicException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when a stream thread dies of an exception no handler took. Bad records never get
 * here (the topology and its exception handlers dead-letter them); what does is rarer, such as a
 * transaction that timed out while the broker was away, and a fresh thread resumes from the last
 * commit, so nothing is lost or counted twice under exactly-once. A failure that keeps coming
 * back would only crash-loop threads, so after {@link #MAX_REPLACEMENTS} in {@link #WINDOW} the
 * whole client stops: Streams goes to ERROR, liveness fails, and a restart of the process is the
 * cure. Missing source topics stop it at once: no new thread will find them either.
 */
final class StreamThreadFailures implements StreamsUncaughtExceptionHandler {

    static final int MAX_REPLACEMENTS = 3;
    static final Duration WINDOW = Duration.ofMinutes(5);

    private static final Logger log = LoggerFactory.getLogger(StreamThreadFailures.class);

    private final Deque<Long> replacedAt = new ArrayDeque<>();
    private final LongSupplier nanoTime;

    StreamThreadFailures() {
        this(System::nanoTime);
    }

    StreamThreadFailures(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    @Override
    public synchronized StreamThreadExceptionResponse handle(Throwable exception) {
        if (causedBy(exception, MissingSourceTopicException.class)) {
            log.error(
                    "Stopping Kafka Streams: its source topics do not exist; create them first "
                            + "(the local run does): {}",
                    SafeThrowables.describe(exception));
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        long now = nanoTime.getAsLong();
        while (!replacedAt.isEmpty() && now - replacedAt.peekFirst() > WINDOW.toNanos()) {
            replacedAt.removeFirst();
        }
        if (replacedAt.size() >= MAX_REPLACEMENTS) {
            log.error(
                    "Stopping Kafka Streams: stream threads failed {} times within {}: {}",
                    MAX_REPLACEMENTS + 1,
                    WINDOW,
                    SafeThrowables.describe(exception));
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        replacedAt.addLast(now);
        log.warn("Replacing a failed stream thread: {}", SafeThrowables.describe(exception));
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    private static boolean causedBy(Throwable exception, Class<? extends Throwable> type) {
        for (Throwable e = exception; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (type.isInstance(e)) {
                return true;
            }
        }
        return false;
    }
}
