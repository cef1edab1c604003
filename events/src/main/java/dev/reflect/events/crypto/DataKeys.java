package dev.reflect.events.crypto;

import java.util.Optional;

/**
 * Where people's data keys come from. Implementations keep them wrapped under the
 * {@link KeyEncryptionKey} and cache unwrapped ones within bounds; they are thread-safe and never
 * log a key or a userId.
 */
public interface DataKeys {

    /**
     * The key to seal {@code userId}'s new texts with: their newest, or a new one, stored durably
     * before it is returned. Throws {@link KeyException} when no key can be had (the store is out
     * of reach): sealing then fails rather than writing a text in clear.
     */
    DataKey forSealing(String userId);

    /** {@code userId}'s key {@code keyId}, or empty when they have none of that id (never had, or destroyed). */
    Optional<DataKey> forOpening(String userId, long keyId);
}
