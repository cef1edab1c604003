package dev.reflect.streams.rights;

import dev.reflect.service.privacy.Pseudonym;
import java.time.Instant;
import java.util.function.Function;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Whether an event belongs to an erased past: its writer was erased at or after the moment it was
 * received. Read on every event, from the task's own erasures and the {@link ErasureLedger} of proofs.
 * Not thread-safe: one per processor instance.
 */
public final class ErasedPeople {

    private final Pseudonym pseudonym;
    private KeyValueStore<String, Long> local;
    private final Function<String, Long> ledger;

    /** @param ledger erasure time (epoch ms) by pseudonym, from {@code reflect.erasures.v1}; null when none */
    public ErasedPeople(Pseudonym pseudonym, Function<String, Long> ledger) {
        this.pseudonym = pseudonym;
        this.ledger = ledger;
    }

    public void init(ProcessingContext context) {
        this.local = context.getStateStore(RightsStores.ERASED_PEOPLE);
    }

    /** True when {@code userId} was erased at or after {@code receivedAt}: the event is theirs no more. */
    public boolean erasedSince(String userId, Instant receivedAt) {
        String who = pseudonym.of(userId);
        long received = receivedAt.toEpochMilli();
        Long here = local.get(who);
        if (here != null && received <= here) {
            return true;
        }
        Long proven = ledger.apply(who);
        return proven != null && received <= proven;
    }

    void record(String userPseudonym, long erasedAt) {
        Long known = local.get(userPseudonym);
        if (known == null || known < erasedAt) {
            local.put(userPseudonym, erasedAt);
        }
    }
}
