package dev.reflect.events.crypto;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Data keys held in this process only, one per person: for a topology under a test driver, unit
 * tests and micro-benchmarks, where there is no key store. Keys made here die with the process,
 * so texts sealed with them open nowhere else. Thread-safe.
 */
public final class LocalDataKeys implements DataKeys {

    private final Map<String, DataKey> keys = new ConcurrentHashMap<>();

    @Override
    public DataKey forSealing(String userId) {
        return keys.computeIfAbsent(userId, id -> DataKey.generate());
    }

    @Override
    public Optional<DataKey> forOpening(String userId, long keyId) {
        DataKey key = keys.get(userId);
        return key != null && Integer.toUnsignedLong(key.keyId()) == keyId ? Optional.of(key) : Optional.empty();
    }

    /** Forgets {@code userId}'s key: what erasure does to a real store. */
    public void destroy(String userId) {
        keys.remove(userId);
    }
}
