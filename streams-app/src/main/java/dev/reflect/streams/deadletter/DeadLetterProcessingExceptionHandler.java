package dev.reflect.streams.deadletter;

import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProcessorStateException;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * KIP-1033 processing exception handler: a record whose processing throws goes to the dead-letter
 * topic (KIP-1034 response records, so under exactly-once they commit with the rest of the
 * task's output) with reason {@code processing-error}, and processing continues: one bad record
 * never stops the app. A failing state store is not the record's fault, so the task fails then,
 * rather than turning every following record into a dead letter.
 *
 * <p>The validation of contract rules does not come through here; the topology's validators
 * dead-letter those records themselves. This is the net for bugs.
 */
public final class DeadLetterProcessingExceptionHandler implements ProcessingExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProcessingExceptionHandler.class);

    private DeadLetterRoute deadLetters = DeadLetterRoute.unconfigured();

    @Override
    public void configure(Map<String, ?> configs) {
        deadLetters = DeadLetterRoute.from(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        if (exception instanceof ProcessorStateException) {
            LOG.error(
                    "State store failure in processor {} of task {}; failing the task",
                    context.processorNodeId(),
                    context.taskId(),
                    DeadLetterTopicConfig.withoutMessages(exception));
            return Response.fail();
        }
        LOG.warn(
                "Processor {} failed on {}-{}@{}; record sent to the dead-letter topic",
                context.processorNodeId(),
                context.topic(),
                context.partition(),
                context.offset(),
                DeadLetterTopicConfig.withoutMessages(exception));
        var headers = DeadLetters.headers(
                context.headers(),
                DeadLetterReason.PROCESSING_ERROR,
                context.topic(),
                context.partition(),
                context.offset(),
                List.of());
        return Response.resume(deadLetters.send(
                context.sourceRawKey(),
                context.sourceRawValue(),
                headers,
                System.currentTimeMillis(),
                DeadLetterReason.PROCESSING_ERROR));
    }
}
