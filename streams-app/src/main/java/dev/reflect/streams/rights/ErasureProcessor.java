package dev.reflect.streams.rights;

import dev.reflect.events.Erasure;
import dev.reflect.events.ErasureRequest;
import dev.reflect.service.privacy.Pseudonym;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Erases a person in the task that holds them (contract section 9), in two passes:
 * <ol>
 *   <li>On the request: the person is marked erased as of the request time ({@link ErasedPeople}:
 *       from now on every event of theirs received up to then is dropped, late or replayed), every
 *       {@link ErasureStep} deletes what its stores hold (tombstones on the changelogs), their data
 *       keys are destroyed, the per-user metrics forget them, and the erasure is put in progress.</li>
 *   <li>{@link #SETTLE} later (a wall-clock punctuator): the keys are swept again, for a key another
 *       instance made for the person in the very moment of the first pass, and the steps run again;
 *       then the proof goes to {@code reflect.erasures.v1} (pseudonym and time only) and the request
 *       is tombstoned, so its userId leaves the request topic.</li>
 * </ol>
 * Store changes and output commit together under {@code exactly_once_v2}: a crash before the
 * commit replays the request, one after it finds the erasure in progress and completes it.
 * Destroying keys is a write outside the transaction; it is idempotent, and one that fails (Kafka
 * out of reach) is retried by the punctuator, which proves nothing until it has succeeded.
 * {@link ErasureCrashPoint} marks two points where a test may crash the JVM.
 *
 * <p>Outputs: the proof keyed by pseudonym, and a null value keyed by userId (the request's
 * tombstone). Nothing here logs a userId.
 */
public final class ErasureProcessor implements Processor<String, ErasureRequest, String, Erasure> {

    /** How long after the first pass the keys are swept again and the erasure is proven. */
    public static final Duration SETTLE = Duration.ofSeconds(5);

    static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(ErasureProcessor.class);

    private final List<ErasureStep> steps;
    private final KeyShredder shredder;
    private final Pseudonym pseudonym;
    private final Consumer<String> forget;
    private final ErasedPeople erased;
    private ProcessorContext<String, Erasure> context;
    private KeyValueStore<String, Long> inProgress;

    /**
     * @param forget hears each erased userId on the instance that erased them (per-user metrics)
     */
    public ErasureProcessor(
            List<ErasureStep> steps, KeyShredder shredder, Pseudonym pseudonym, Consumer<String> forget) {
        this.steps = List.copyOf(steps);
        this.shredder = Objects.requireNonNull(shredder, "shredder");
        this.pseudonym = Objects.requireNonNull(pseudonym, "pseudonym");
        this.forget = Objects.requireNonNull(forget, "forget");
        // It only records erasures; the aggregator is the one that reads the ledger.
        this.erased = new ErasedPeople(pseudonym, who -> null);
    }

    /** Every store the processor and its steps use, to connect them. */
    public static String[] stores(List<ErasureStep> steps) {
        // The global ledger is readable by every processor without being connected (Streams refuses it).
        List<String> names = new ArrayList<>(List.of(RightsStores.ERASED_PEOPLE, RightsStores.ERASURES_IN_PROGRESS));
        for (ErasureStep step : steps) {
            for (String store : step.stores()) {
                if (!names.contains(store)) {
                    names.add(store);
                }
            }
        }
        return names.toArray(String[]::new);
    }

    @Override
    public void init(ProcessorContext<String, Erasure> context) {
        this.context = context;
        this.erased.init(context);
        this.inProgress = context.getStateStore(RightsStores.ERASURES_IN_PROGRESS);
        context.schedule(CHECK_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::completeDue);
    }

    @Override
    public void process(Record<String, ErasureRequest> record) {
        String userId = record.key();
        ErasureRequest request = record.value();
        if (userId == null || request == null) {
            // A request's own tombstone, read back; or a record without a person.
            return;
        }
        long erasedAt = request.requestedAt().toEpochMilli();
        Long pending = inProgress.get(userId);
        if (pending != null && pending > erasedAt) {
            erasedAt = pending;
        }
        erased.record(pseudonym.of(userId), erasedAt);
        eraseState(userId);
        destroyKeys(userId, erasedAt);
        try {
            forget.accept(userId);
        } catch (RuntimeException e) {
            LOG.warn(
                    "Forgetting an erased person's metrics failed: {}",
                    e.getClass().getName());
        }
        inProgress.put(userId, erasedAt);
    }

    private void completeDue(long now) {
        List<KeyValue<String, Long>> due = new ArrayList<>();
        try (KeyValueIterator<String, Long> all = inProgress.all()) {
            while (all.hasNext()) {
                KeyValue<String, Long> erasure = all.next();
                if (erasure.value + SETTLE.toMillis() <= now) {
                    due.add(erasure);
                }
            }
        }
        for (KeyValue<String, Long> erasure : due) {
            String userId = erasure.key;
            if (!destroyKeys(userId, erasure.value)) {
                continue;
            }
            eraseState(userId);
            ErasureCrashPoint.BEFORE_PROOF.reached();
            String who = pseudonym.of(userId);
            context.forward(new Record<>(who, new Erasure(who, Instant.ofEpochMilli(erasure.value)), now));
            context.forward(new Record<String, Erasure>(userId, null, now));
            inProgress.delete(userId);
        }
    }

    private void eraseState(String userId) {
        for (int i = 0; i < steps.size(); i++) {
            steps.get(i).erase(userId, context);
            if (i == 0) {
                ErasureCrashPoint.AFTER_FIRST_STEP.reached();
            }
        }
    }

    /** False when the keys could not be destroyed now: the punctuator tries again. */
    private boolean destroyKeys(String userId, long erasedAt) {
        try {
            shredder.destroy(userId, Instant.ofEpochMilli(erasedAt));
            return true;
        } catch (RuntimeException e) {
            LOG.warn(
                    "Destroying an erased person's data keys failed, retrying: {}",
                    e.getClass().getName());
            return false;
        }
    }
}
