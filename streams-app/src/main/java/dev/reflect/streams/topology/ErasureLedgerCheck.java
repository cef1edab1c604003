package dev.reflect.streams.topology;

/**
 * Whether a person has been erased, from the replica of {@code reflect.erasures.v1} every instance
 * keeps ({@link TopologyRuntime.Rights#ledger()}, keyed by pseudonym). For the parts of the
 * topology that keep a person's data outside the person's own task (caseloads, keyed by clinician;
 * the access log, fed by the audit topic) or outside the erasure processor's stores (measures):
 * they drop what belongs to an erased person and purge what they still hold.
 */
final class ErasureLedgerCheck {

    private final TopologyRuntime.Rights rights;

    ErasureLedgerCheck(TopologyRuntime.Rights rights) {
        this.rights = rights;
    }

    /** True when {@code userId} was erased at or after {@code timestamp} (epoch ms): the record is theirs no more. */
    boolean erasedAtOrAfter(String userId, long timestamp) {
        Long erasedAt = rights.ledger().apply(rights.pseudonym().of(userId));
        return erasedAt != null && timestamp <= erasedAt;
    }

    /** True when {@code userId} was ever erased. */
    boolean erased(String userId) {
        return rights.ledger().apply(rights.pseudonym().of(userId)) != null;
    }
}
