package dev.reflect.streams.topology;

import dev.reflect.events.Alert;
import dev.reflect.events.Topics;
import dev.reflect.streams.deadletter.DeadLetterReason;
import dev.reflect.streams.deadletter.DeadLetters;
import dev.reflect.streams.deadletter.OutputLimits;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures each alert before it is sent: one larger than {@code reflect.alerts.v1} takes goes to
 * the dead-letter topic instead, whole, with reason {@code output-too-large} and the alerts topic
 * as its source, and is counted. Sent, it would be refused, and under exactly-once the refusal
 * aborts the task's transaction, so the task would meet it again on every retry (see
 * {@link OutputLimits}).
 *
 * <p>An alert outside the settings' {@link AlertWindow} is dropped here, after its change was
 * recorded as announced: while partitions grow, another application announces it.
 */
final class AlertGuard implements Processor<String, Alert, Object, Outgoing> {

    private static final Logger LOG = LoggerFactory.getLogger(AlertGuard.class);
    private static final String TOPIC = Topics.ALERTS.name();

    private final OutputLimits limits;
    private final PatternListener listener;
    private final AlertWindow announcing;
    private ProcessorContext<Object, Outgoing> context;

    AlertGuard(OutputLimits limits, PatternListener listener, AlertWindow announcing) {
        this.limits = limits;
        this.listener = listener;
        this.announcing = announcing;
    }

    @Override
    public void init(ProcessorContext<Object, Outgoing> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, Alert> record) {
        if (!announcing.sends(record.timestamp())) {
            return;
        }
        byte[] key = record.key().getBytes(StandardCharsets.UTF_8);
        byte[] value = Topics.ALERTS.valueSerde().serializer().serialize(TOPIC, record.value());
        if (limits.fits(TOPIC, key, value, record.headers())) {
            context.forward(record.withValue(new Outgoing.Send(record.value())));
            return;
        }
        LOG.error(
                "An alert of {} bytes does not fit {} (at most {} bytes): sent to the dead-letter topic instead; "
                        + "raise the topic's max.message.bytes",
                OutputLimits.size(key, value, record.headers()),
                TOPIC,
                limits.limit(TOPIC));
        var headers =
                DeadLetters.headers(record.headers(), DeadLetterReason.OUTPUT_TOO_LARGE, TOPIC, -1, -1, List.of());
        context.forward(
                new Record<Object, Outgoing>(key, new Outgoing.Letter(key, value), record.timestamp(), headers));
        try {
            listener.rejected(DeadLetterReason.OUTPUT_TOO_LARGE);
        } catch (RuntimeException e) {
            LOG.warn("Pattern listener failed: {}", e.getClass().getName());
        }
    }
}
