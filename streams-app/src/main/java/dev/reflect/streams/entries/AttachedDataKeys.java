package dev.reflect.streams.entries;

import dev.reflect.events.crypto.DataKey;
import dev.reflect.events.crypto.DataKeys;
import dev.reflect.events.crypto.KeyException;
import java.util.Objects;
import java.util.Optional;

/**
 * The data keys of the query layer, which exists before the key store does (the store starts
 * with Streams, after the query server has bound its port): until {@link #attach}, no key opens
 * and none seals.
 */
public final class AttachedDataKeys implements DataKeys {

    private volatile DataKeys keys;

    public void attach(DataKeys value) {
        this.keys = Objects.requireNonNull(value, "value");
    }

    @Override
    public DataKey forSealing(String userId) {
        DataKeys current = keys;
        if (current == null) {
            throw new KeyException("the data key store has not started yet");
        }
        return current.forSealing(userId);
    }

    @Override
    public Optional<DataKey> forOpening(String userId, long keyId) {
        DataKeys current = keys;
        return current == null ? Optional.empty() : current.forOpening(userId, keyId);
    }
}
