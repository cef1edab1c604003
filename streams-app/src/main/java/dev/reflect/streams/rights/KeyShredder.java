package dev.reflect.streams.rights;

import java.time.Instant;

/** Destroys a person's data keys (crypto-shredding): every copy of their texts, anywhere, stops opening. */
@FunctionalInterface
public interface KeyShredder {

    /** Destroys every key of {@code userId} made up to {@code madeUpTo}, durably, before returning; idempotent. */
    void destroy(String userId, Instant madeUpTo);
}
