package dev.reflect.streams.topology;

import dev.reflect.events.Topics;
import dev.reflect.streams.deadletter.DeadLetters;
import dev.reflect.streams.deadletter.OutputLimits;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last step before the dead-letter topic: a dead letter that topic cannot take is logged,
 * without its content, counted, and dropped, and processing goes on. Sent, it would be refused,
 * and under exactly-once fail its task's transaction on every retry (see {@link OutputLimits}).
 */
final class DeadLetterGuard implements Processor<byte[], byte[], byte[], byte[]> {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterGuard.class);
    private static final String TOPIC = Topics.DEADLETTER.name();

    private final OutputLimits limits;
    private final PatternListener listener;
    private ProcessorContext<byte[], byte[]> context;

    DeadLetterGuard(OutputLimits limits, PatternListener listener) {
        this.limits = limits;
        this.listener = listener;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        if (limits.fits(TOPIC, record.key(), record.value(), record.headers())) {
            context.forward(record);
            return;
        }
        LOG.error(
                "A {}-byte dead letter ({}) does not fit {} (at most {} bytes): dropped, not sent; raise the topic's "
                        + "max.message.bytes to keep such records",
                OutputLimits.size(record.key(), record.value(), record.headers()),
                DeadLetters.header(record.headers(), DeadLetters.REASON),
                TOPIC,
                limits.limit(TOPIC));
        try {
            listener.deadLetterDropped();
        } catch (RuntimeException e) {
            LOG.warn("Pattern listener failed: {}", e.getClass().getName());
        }
    }
}
