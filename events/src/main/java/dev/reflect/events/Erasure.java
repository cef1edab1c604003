package dev.reflect.events;

import java.time.Instant;
import java.util.Objects;

/**
 * The proof that a person was erased (contract section 9), on {@code reflect.erasures.v1} keyed by
 * the pseudonym: the pseudonym of section 7 (never the userId) and when the erasure was asked
 * for. Every event of theirs received up to {@code erasedAt} is gone and stays gone, also when
 * the input topics are read again from the start.
 */
public record Erasure(String pseudonym, Instant erasedAt) {

    public Erasure {
        Objects.requireNonNull(pseudonym, "pseudonym");
        Objects.requireNonNull(erasedAt, "erasedAt");
    }
}
