package dev.reflect.streams.deadletter;

import dev.reflect.events.Topics;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;

/** The dead-letter topic of the handlers: KIP-1034's {@code errors.dead.letter.queue.topic.name}, else the contract's. */
final class DeadLetterTopicConfig {

    private DeadLetterTopicConfig() {
    }

    static String topic(Map<String, ?> configs) {
        Object configured = configs == null ? null : configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        return configured == null || configured.toString().isBlank() ? Topics.DEADLETTER.name() : configured.toString();
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
