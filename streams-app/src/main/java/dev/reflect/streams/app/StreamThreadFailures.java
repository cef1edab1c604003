package dev.reflect.streams.app;

import dev.reflect.service.log.SafeThrowables;
import dev.reflect.streams.deadletter.RefusedWrites;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.errors.TopicAuthorizationException;
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

    /** How Kafka Streams words a send it gives up on without asking the production handler (a fatal error). */
    private static final Pattern SENDING_TO =
            Pattern.compile("Error encountered sending record to topic (\\S+) for task");

    private final Deque<Long> replacedAt = new ArrayDeque<>();
    private final LongSupplier nanoTime;
    private final RefusedWrites refusals;

    StreamThreadFailures() {
        this(System::nanoTime, new RefusedWrites());
    }

    StreamThreadFailures(LongSupplier nanoTime) {
        this(nanoTime, new RefusedWrites());
    }

    /**
     * @param refusals where a send Kafka refused for good (an ACL that denies the write, an
     *     invalid topic) is recorded: such a send kills the thread without the production
     *     exception handler hearing of it, and the health check must still name the topic
     */
    StreamThreadFailures(LongSupplier nanoTime, RefusedWrites refusals) {
        this.nanoTime = nanoTime;
        this.refusals = refusals;
    }

    @Override
    public synchronized StreamThreadExceptionResponse handle(Throwable exception) {
        recordRefusedSend(exception);
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

    private void recordRefusedSend(Throwable exception) {
        for (Throwable e = exception; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof TopicAuthorizationException denied) {
                denied.unauthorizedTopics().forEach(topic -> refusals.refused(topic, denied));
                return;
            }
            Matcher sending = e.getMessage() == null ? null : SENDING_TO.matcher(e.getMessage());
            if (sending != null && sending.find() && e.getCause() != null) {
                refusals.refused(sending.group(1), e.getCause());
                return;
            }
        }
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
