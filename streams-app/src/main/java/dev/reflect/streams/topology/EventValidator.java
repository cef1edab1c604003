package dev.reflect.streams.topology;

import dev.reflect.events.FieldError;
import dev.reflect.events.ReflectEvent;
import dev.reflect.events.validation.RejectionReason;
import dev.reflect.events.validation.Validated;
import dev.reflect.streams.deadletter.DeadLetterReason;
import dev.reflect.streams.deadletter.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.IntSupplier;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether an input record is an event the aggregation may count, and where it goes next
 * ({@link Checked}): a valid event (key = userId) to the aggregation if it sits in the partition
 * its key hashes to ({@link InputPartitioning}), else its bytes to the re-route topic; anything
 * else untouched (original key, bytes and headers, plus the dead-letter headers) to the
 * dead-letter topic. Checks, in order: a key, the events module's stored rules
 * ({@code EventParser}, already applied by the source's deserializer, see {@link ParsedInput}),
 * key = userId, and occurredAt against the record's own receivedAt.
 *
 * <p>Deciding here, rather than failing in the deserializer, keeps the original bytes at hand for
 * every reason, including those only known after parsing (key mismatch, age); and validating
 * before re-routing keeps a dead letter's source position that of the record as its producer
 * wrote it.
 */
final class EventValidator<T extends ReflectEvent> implements Processor<byte[], ParsedInput<T>, Object, Checked> {

    private static final Logger LOG = LoggerFactory.getLogger(EventValidator.class);

    private final Duration maxEventAge;
    private final Duration maxFutureSkew;
    private final IntSupplier inputPartitions;
    private final PatternListener listener;
    private ProcessorContext<Object, Checked> context;
    private InputPartitioning partitioning;

    EventValidator(TopologySettings settings, PatternListener listener, IntSupplier inputPartitions) {
        this.maxEventAge = settings.maxEventAge();
        this.maxFutureSkew = settings.maxFutureSkew();
        this.inputPartitions = inputPartitions;
        this.listener = listener;
    }

    @Override
    public void init(ProcessorContext<Object, Checked> context) {
        this.context = context;
        this.partitioning = new InputPartitioning(inputPartitions.getAsInt());
    }

    @Override
    public void process(Record<byte[], ParsedInput<T>> record) {
        if (record.key() == null) {
            reject(record, DeadLetterReason.NULL_KEY, List.of());
            return;
        }
        Validated<T> parsed = record.value().parsed();
        if (!parsed.isValid()) {
            reject(
                    record,
                    DeadLetterReason.of(RejectionReason.of(parsed.errors())),
                    parsed.errors().stream().map(FieldError::field).distinct().toList());
            return;
        }
        T event = parsed.value();
        String userId = new String(record.key(), StandardCharsets.UTF_8);
        if (!userId.equals(event.userId())) {
            reject(record, DeadLetterReason.KEY_MISMATCH, List.of());
            return;
        }
        Instant occurredAt = event.occurredAt().toInstant();
        Instant receivedAt = event.receivedAt();
        if (occurredAt.isBefore(receivedAt.minus(maxEventAge))) {
            reject(record, DeadLetterReason.TOO_OLD, List.of("occurredAt"));
            return;
        }
        if (occurredAt.isAfter(receivedAt.plus(maxFutureSkew))) {
            reject(record, DeadLetterReason.IN_FUTURE, List.of("occurredAt"));
            return;
        }
        RecordMetadata source = context.recordMetadata().orElse(null);
        if (source != null && source.partition() != partitioning.partitionOf(record.key())) {
            String topic = source.topic();
            notify(() -> listener.rerouted(topic));
            context.forward(new Record<>(
                    userId, new Checked.Misplaced(record.value().bytes()), record.timestamp(), record.headers()));
            return;
        }
        context.forward(new Record<>(
                userId, new Checked.Placed(event, record.value().bytes()), record.timestamp(), record.headers()));
    }

    private void reject(Record<byte[], ParsedInput<T>> record, DeadLetterReason reason, List<String> fields) {
        RecordMetadata source = context.recordMetadata().orElse(null);
        String topic = source == null ? null : source.topic();
        int partition = source == null ? -1 : source.partition();
        long offset = source == null ? -1 : source.offset();
        // Position and reason only: the key is a userId and the value the user's words.
        LOG.debug("Dead-lettering {}-{}@{}: {}", topic, partition, offset, reason.code());
        var headers = DeadLetters.headers(record.headers(), reason, topic, partition, offset, fields);
        // Stamped with the time of rejection: occurredAt may be months old (too-old), and the
        // dead-letter topic's time-based retention would delete such a record at once.
        context.forward(new Record<>(
                record.key(), new Checked.Rejected(record.value().bytes()), context.currentSystemTimeMs(), headers));
        notify(() -> listener.rejected(reason));
    }

    private static void notify(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("Pattern listener failed: {}", e.getClass().getName());
        }
    }
}
