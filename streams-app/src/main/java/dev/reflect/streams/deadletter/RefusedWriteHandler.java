package dev.reflect.streams.deadletter;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the app does when Kafka refuses a record it sends (issue 18). Under exactly-once a refused
 * record makes its whole transaction abort, so no answer here can skip that one record and go on:
 * Kafka Streams' own dead-letter answer would send from the producer's I/O thread, where a topic
 * the producer has not written to yet waits for metadata that thread itself must fetch (the
 * "not present in metadata after 60000 ms" seen), and a "continue" would only fail the commit.
 * So:
 * <ul>
 *   <li>A record that can never succeed (too large for its topic, or invalid) on one of the app's
 *       outputs (an alert, a dead letter): its size lowers the topic's limit in
 *       {@link OutputLimits}, and the task fails and restarts from its last commit; there the
 *       topology measures the record first and sends it to the dead-letter topic with reason
 *       {@code output-too-large} (or, a dead letter too large for its own topic, logs it without
 *       its content and goes on).</li>
 *   <li>A state store's changelog refusing a write: the task fails, loudly. Skipping the write
 *       would lose state.</li>
 *   <li>What may pass (a timeout, a broker without enough replicas for a while): retried, the task
 *       restarting from its last commit; a task that keeps failing this way shows as stuck in the
 *       readiness check and its metric.</li>
 *   <li>Anything else, a missing topic included: the task fails, and the thread with it.</li>
 * </ul>
 * Every refusal is logged at ERROR with the topic and the cause, never the record, and counted
 * ({@link RefusedWrites}).
 */
public final class RefusedWriteHandler implements ProductionExceptionHandler {

    /** An {@link OutputLimits} put into the Streams properties, shared with the topology. */
    public static final String LIMITS_CONFIG = "reflect.output.limits";
    /** A {@link RefusedWrites} put into the Streams properties, shared with the health check. */
    public static final String REFUSALS_CONFIG = "reflect.output.refusals";

    static final String CHANGELOG_SUFFIX = "-changelog";

    private static final Logger LOG = LoggerFactory.getLogger(RefusedWriteHandler.class);

    private OutputLimits limits = new OutputLimits();
    private RefusedWrites refusals = new RefusedWrites();

    @Override
    public void configure(Map<String, ?> configs) {
        if (configs.get(LIMITS_CONFIG) instanceof OutputLimits shared) {
            limits = shared;
        }
        if (configs.get(REFUSALS_CONFIG) instanceof RefusedWrites shared) {
            refusals = shared;
        }
    }

    @Override
    public Response handleError(
            ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        String topic = record.topic();
        refusals.refused(topic, exception);
        int size = OutputLimits.size(record.key(), record.value(), record.headers());
        if (topic.endsWith(CHANGELOG_SUFFIX)) {
            LOG.error(
                    "Kafka refused a {}-byte write to the changelog {} ({}): task {} stops rather than lose state; "
                            + "see the runbook, ReflectStreamsStuck",
                    size,
                    topic,
                    exception.getClass().getSimpleName(),
                    context.taskId());
            return Response.fail();
        }
        if (exception instanceof RecordTooLargeException
                || exception instanceof InvalidRecordException
                || exception instanceof CorruptRecordException) {
            if (exception instanceof RecordTooLargeException) {
                limits.refused(topic, size);
            }
            LOG.error(
                    "Kafka refused a {}-byte record for {} ({}): task {} restarts from its last commit and sends it "
                            + "to the dead-letter topic instead",
                    size,
                    topic,
                    exception.getClass().getSimpleName(),
                    context.taskId());
            return Response.fail();
        }
        if (exception instanceof RetriableException && !(exception instanceof UnknownTopicOrPartitionException)) {
            LOG.error(
                    "Kafka did not take a record for {} in time ({}): task {} retries from its last commit",
                    topic,
                    exception.getClass().getSimpleName(),
                    context.taskId());
            return Response.retry();
        }
        LOG.error(
                "Kafka refused a record for {} ({}): task {} fails; see the runbook, ReflectStreamsStuck",
                topic,
                exception.getClass().getSimpleName(),
                context.taskId());
        return Response.fail();
    }

    @Override
    @SuppressWarnings("rawtypes") // Kafka's interface declares the raw type
    public Response handleSerializationError(
            ErrorHandlerContext context,
            ProducerRecord record,
            Exception exception,
            SerializationExceptionOrigin origin) {
        LOG.error(
                "Could not serialize the {} of a record for {} ({}): task {} fails",
                origin.toString().toLowerCase(java.util.Locale.ROOT),
                record.topic(),
                exception.getClass().getSimpleName(),
                context.taskId());
        return Response.fail();
    }
}
