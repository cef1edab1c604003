package dev.reflect.producer.ingest;

import dev.reflect.events.CheckIn;
import dev.reflect.events.EventRules;
import dev.reflect.events.FieldError;
import dev.reflect.events.InputTopics;
import dev.reflect.events.JournalEntry;
import dev.reflect.events.Measure;
import dev.reflect.events.ReflectEvent;
import dev.reflect.events.SharingChange;
import dev.reflect.events.Topic;
import dev.reflect.events.crypto.KeyException;
import dev.reflect.events.crypto.TextSealer;
import dev.reflect.events.validation.EventParser;
import dev.reflect.events.validation.Validated;
import dev.reflect.producer.ingest.IngestMetrics.Outcome;
import dev.reflect.service.http.InvalidRequestException;
import dev.reflect.service.http.ServiceUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest rules, free of HTTP: validate a client body, stamp it with the authenticated user
 * and the server time, write it keyed by the user, and answer only once the write is durable.
 *
 * <p>Every write has one bound (the write timeout) measured from the start of the submission,
 * covering validation, the send and the acknowledgement. When the bound passes first, or Kafka
 * fails the write, the answer is a {@link ServiceUnavailableException} (503 with
 * {@code Retry-After}), never an acceptance. Some of the records may still be written; a retry is
 * safe because the eventId is the idempotency key and the streams app counts duplicates once.
 */
public final class IngestService {

    private static final Logger log = LoggerFactory.getLogger(IngestService.class);

    private final EventParser parser;
    private final TextSealer sealer;
    private final EventPublisher publisher;
    private final IngestMetrics metrics;
    private final Clock clock;
    private final Duration writeTimeout;
    private final LongSupplier nanoTime;
    private final InputTopics inputs;

    /** Writing accepted events to {@code inputs} (docs/scaling.md, "Growing partitions"). */
    public IngestService(
            EventParser parser,
            TextSealer sealer,
            EventPublisher publisher,
            IngestMetrics metrics,
            Clock clock,
            Duration writeTimeout,
            InputTopics inputs) {
        this(parser, sealer, publisher, metrics, clock, writeTimeout, System::nanoTime, inputs);
    }

    IngestService(
            EventParser parser,
            TextSealer sealer,
            EventPublisher publisher,
            IngestMetrics metrics,
            Clock clock,
            Duration writeTimeout,
            LongSupplier nanoTime,
            InputTopics inputs) {
        this.parser = parser;
        this.sealer = sealer;
        this.publisher = publisher;
        this.metrics = metrics;
        this.clock = clock;
        this.writeTimeout = writeTimeout;
        this.nanoTime = nanoTime;
        this.inputs = inputs;
    }

    /** A check-in body; completes with the acceptance once Kafka acknowledged it. */
    public CompletableFuture<Accepted> submitCheckIn(String userId, byte[] body) {
        long deadline = deadline();
        CheckIn checkIn = seal(
                valid(parser.clientCheckIn(body, userId), IngestMetrics.Type.CHECKIN)
                        .received(userId, now()),
                IngestMetrics.Type.CHECKIN);
        return write(inputs.checkIns(), userId, List.of(checkIn), deadline, IngestMetrics.Type.CHECKIN)
                .thenApply(written -> Accepted.of(checkIn.eventId()));
    }

    /** A journal entry body; completes with the acceptance once Kafka acknowledged it. */
    public CompletableFuture<Accepted> submitJournalEntry(String userId, byte[] body) {
        long deadline = deadline();
        JournalEntry entry = seal(
                valid(parser.clientJournalEntry(body, userId), IngestMetrics.Type.JOURNAL)
                        .received(userId, now()),
                IngestMetrics.Type.JOURNAL);
        return write(inputs.journal(), userId, List.of(entry), deadline, IngestMetrics.Type.JOURNAL)
                .thenApply(written -> Accepted.of(entry.eventId()));
    }

    /** A questionnaire's answers (contract section 10); completes with the acceptance once Kafka acknowledged them. */
    public CompletableFuture<Accepted> submitMeasure(String userId, byte[] body) {
        long deadline = deadline();
        Measure measure = valid(parser.clientMeasure(body, userId), IngestMetrics.Type.MEASURE)
                .received(userId, now());
        return write(inputs.measures(), userId, List.of(measure), deadline, IngestMetrics.Type.MEASURE)
                .thenApply(written -> Accepted.of(measure.eventId()));
    }

    /**
     * A batch {@code {"checkIns":[…]}}: every valid item is written, every invalid one reported,
     * in input order. Completes once all valid items are acknowledged; if any is not, the whole
     * request fails with 503, because the client cannot tell which ones to resend otherwise.
     */
    public CompletableFuture<BatchResult> submitCheckInBatch(String userId, byte[] body) {
        long deadline = deadline();
        List<BatchEnvelope.Item> items = BatchEnvelope.read(body, parser);
        Instant receivedAt = now();
        List<BatchResult.Item> results = new ArrayList<>(items.size());
        List<CheckIn> accepted = new ArrayList<>();
        for (BatchEnvelope.Item item : items) {
            Validated<CheckIn> checkIn = item.plainlyValid() != null
                    ? Validated.valid(item.plainlyValid())
                    : parser.clientCheckIn(item.tree(), userId);
            if (checkIn.isValid()) {
                accepted.add(
                        seal(checkIn.value().received(userId, receivedAt), IngestMetrics.Type.CHECKIN, items.size()));
                results.add(BatchResult.Item.accepted(checkIn.value().eventId()));
            } else {
                results.add(BatchResult.Item.rejected(BatchEnvelope.eventIdOf(item.tree()), checkIn.errors()));
            }
        }
        metrics.count(IngestMetrics.Type.CHECKIN, Outcome.REJECTED, items.size() - accepted.size());
        return write(inputs.checkIns(), userId, accepted, deadline, IngestMetrics.Type.CHECKIN)
                .thenApply(written -> new BatchResult(results));
    }

    /**
     * The person {@code userId} starts ({@link SharingChange.Action#GRANT}) or stops
     * ({@link SharingChange.Action#REVOKE}) sharing with {@code clinicianId}; completes once Kafka
     * acknowledged it. Idempotent in effect: granting twice shares once, revoking what was never
     * granted changes nothing.
     */
    public CompletableFuture<Void> submitSharing(String userId, String clinicianId, SharingChange.Action action) {
        if (action == SharingChange.Action.ALERTS_SEEN) {
            throw new IllegalArgumentException("a person grants or revokes; alerts are seen by clinicians");
        }
        long deadline = deadline();
        List<FieldError> errors = new ArrayList<>();
        if (clinicianId.isBlank()) {
            errors.add(new FieldError("clinicianId", "must not be blank"));
        } else if (clinicianId.length() > EventRules.MAX_USER_ID_LENGTH) {
            errors.add(
                    new FieldError("clinicianId", "must be at most " + EventRules.MAX_USER_ID_LENGTH + " characters"));
        } else if (clinicianId.equals(userId)) {
            errors.add(new FieldError("clinicianId", "must be someone else's id: you always see your own data"));
        }
        if (!errors.isEmpty()) {
            metrics.count(IngestMetrics.Type.SHARING, Outcome.REJECTED, 1);
            throw new InvalidRequestException(errors);
        }
        Instant now = now();
        SharingChange change =
                new SharingChange(UUID.randomUUID(), now.atOffset(ZoneOffset.UTC), clinicianId, action, userId, now);
        return write(inputs.sharing(), userId, List.of(change), deadline, IngestMetrics.Type.SHARING);
    }

    /**
     * The event with its texts sealed under the person's data key (contract section 9): no text
     * reaches Kafka in clear. When no key can be had (a new person's key cannot be stored), the
     * request fails with 503 like a write Kafka did not take.
     */
    private <E extends ReflectEvent> E seal(E event, IngestMetrics.Type type) {
        return seal(event, type, 1);
    }

    @SuppressWarnings("unchecked") // TextSealer keeps the kind of event it is given
    private <E extends ReflectEvent> E seal(E event, IngestMetrics.Type type, int records) {
        try {
            return (E) sealer.seal(event);
        } catch (KeyException e) {
            metrics.count(type, Outcome.FAILED, records);
            log.debug("No data key to seal a {} with: {}", type, e.getMessage());
            throw new ServiceUnavailableException(
                    "The texts could not be sealed for storage, so nothing is confirmed. "
                            + "Retrying with the same eventId is safe.",
                    retryAfter());
        }
    }

    private <T> T valid(Validated<T> validated, IngestMetrics.Type type) {
        if (!validated.isValid()) {
            metrics.count(type, Outcome.REJECTED, 1);
            throw new InvalidRequestException(validated.errors());
        }
        return validated.value();
    }

    /**
     * Publishes the records as one unit and waits for all acknowledgements until the deadline.
     * If the deadline passes first, the publication is given up, so a publisher that has not sent
     * the rest yet skips them; the answer is a 503 either way.
     */
    private <V> CompletableFuture<Void> write(
            Topic<String, V> topic, String userId, List<V> records, long deadline, IngestMetrics.Type type) {
        if (records.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        Publication publication = publisher.publishAll(topic, userId, records);
        return publication
                .completion()
                .orTimeout(Math.max(remaining(deadline), 0), TimeUnit.NANOSECONDS)
                .handle((ignored, failure) -> {
                    // Read once: an acknowledgement after a give-up belongs to a 503 and counts as failed.
                    int acknowledged =
                            failure == null ? records.size() : Math.min(publication.acknowledged(), records.size());
                    metrics.count(type, Outcome.ACCEPTED, acknowledged);
                    metrics.count(type, Outcome.FAILED, records.size() - acknowledged);
                    if (failure == null) {
                        return null;
                    }
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause()
                            : failure;
                    if (!(cause instanceof KafkaException || cause instanceof TimeoutException)) {
                        throw new CompletionException(cause);
                    }
                    log.debug(
                            "{} of {} {} writes not acknowledged within {} ms: {}",
                            records.size() - acknowledged,
                            records.size(),
                            type,
                            writeTimeout.toMillis(),
                            cause.getClass().getName());
                    throw new ServiceUnavailableException(
                            "Kafka did not acknowledge the write in time, so nothing "
                                    + "is confirmed. Retrying with the same eventId is safe.",
                            retryAfter());
                });
    }

    private long deadline() {
        return nanoTime.getAsLong() + writeTimeout.toNanos();
    }

    private long remaining(long deadline) {
        return deadline - nanoTime.getAsLong();
    }

    private Duration retryAfter() {
        return writeTimeout.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : writeTimeout;
    }

    private Instant now() {
        return clock.instant();
    }
}
