package dev.reflect.streams.deadletter;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way the exception handlers send a record to the dead-letter topic: counted under its
 * reason, and measured first. A dead letter too large for the dead-letter topic itself is logged,
 * without its content, and dropped: sent, it would fail its transaction and the task would meet it
 * again on every retry (see {@link OutputLimits}).
 */
final class DeadLetterRoute {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterRoute.class);

    private final String topic;
    private final Consumer<DeadLetterReason> rejections;
    private final OutputLimits limits;

    private DeadLetterRoute(String topic, Consumer<DeadLetterReason> rejections, OutputLimits limits) {
        this.topic = topic;
        this.rejections = rejections;
        this.limits = limits;
    }

    /** The route the handlers' Streams configuration describes. */
    static DeadLetterRoute from(Map<String, ?> configs) {
        Object limits = configs == null ? null : configs.get(RefusedWriteHandler.LIMITS_CONFIG);
        return new DeadLetterRoute(
                DeadLetterTopicConfig.topic(configs),
                DeadLetterTopicConfig.rejections(configs),
                limits instanceof OutputLimits shared ? shared : new OutputLimits());
    }

    /** A route with the defaults, for a handler used before it was configured. */
    static DeadLetterRoute unconfigured() {
        return from(null);
    }

    /** The dead letter to send, or none when it cannot fit; either way the reason is counted. */
    List<ProducerRecord<byte[], byte[]>> send(
            byte[] key, byte[] value, Headers headers, long timestamp, DeadLetterReason reason) {
        rejections.accept(reason);
        if (!limits.fits(topic, key, value, headers)) {
            LOG.error(
                    "A {}-byte dead letter ({}) does not fit {} (at most {} bytes): dropped, not sent; raise the "
                            + "topic's max.message.bytes to keep such records",
                    OutputLimits.size(key, value, headers),
                    reason.code(),
                    topic,
                    limits.limit(topic));
            return List.of();
        }
        return List.of(DeadLetters.record(topic, key, value, headers, timestamp));
    }
}
