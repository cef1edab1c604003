package dev.reflect.streams.deadletter;

import dev.reflect.events.Topics;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the handlers read from the Streams config: the dead-letter topic (KIP-1034's
 * {@code errors.dead.letter.queue.topic.name}, else the contract's), and who to tell about each
 * record they dead-letter ({@link #REJECTIONS_CONFIG}).
 */
public final class DeadLetterTopicConfig {

    /**
     * A {@code Consumer<DeadLetterReason>} put into the Streams properties (Kafka passes unknown
     * entries through to the handlers' {@code configure}), so that records the handlers dead-letter
     * count in {@code reflect_records_rejected_total} like those the topology rejects itself.
     */
    public static final String REJECTIONS_CONFIG = "reflect.deadletter.rejections";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterTopicConfig.class);

    private DeadLetterTopicConfig() {}

    static String topic(Map<String, ?> configs) {
        Object configured =
                configs == null ? null : configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        return configured == null || configured.toString().isBlank() ? Topics.DEADLETTER.name() : configured.toString();
    }

    @SuppressWarnings("unchecked")
    static Consumer<DeadLetterReason> rejections(Map<String, ?> configs) {
        Object configured = configs == null ? null : configs.get(REJECTIONS_CONFIG);
        if (configured instanceof Consumer<?> consumer) {
            Consumer<DeadLetterReason> rejections = (Consumer<DeadLetterReason>) consumer;
            return reason -> {
                try {
                    rejections.accept(reason);
                } catch (RuntimeException e) {
                    LOG.warn("Counting a dead letter failed: {}", e.getClass().getName());
                }
            };
        }
        return reason -> {};
    }

    /**
     * The exception without its message (nor its causes' messages), for logging: a message may
     * quote the record (Jackson's do), and records hold mental-health text.
     */
    static Throwable withoutMessages(Throwable e) {
        Throwable copy = new Throwable(e.getClass().getName());
        copy.setStackTrace(e.getStackTrace());
        if (e.getCause() != null && e.getCause() != e) {
            copy.initCause(withoutMessages(e.getCause()));
        }
        return copy;
    }
}
