package dev.reflect.streams.query;

import java.util.Optional;

/**
 * The metadata layer of the query API: where a user's state lives, and reading the copies this
 * instance holds. {@link KafkaUserStateLookup} answers from Kafka Streams; tests substitute their
 * own. Implementations are thread-safe and never block on the network.
 */
public interface UserStateLookup {

    /** Which copy of a partition to read. */
    enum Copy {
        /**
         * Only the active copy: up to date, so its answer that a user does not exist is final. An
         * active copy that has not yet caught up with its input (just taken over, its backlog not
         * processed) is therefore {@link LocalRead.Unavailable} for a user it lacks, never
         * {@link LocalRead.Absent}.
         */
        ACTIVE,
        /** The active or a standby copy, whichever this instance holds; a standby may lag a little. */
        ANY
    }

    /**
     * The hosts of {@code key} in the stores of {@code keyspace}; empty while that is not known
     * (starting, rebalancing, stopping).
     */
    Optional<KeyOwners> locate(String key, UserQuery.Keyspace keyspace);

    /** The hosts of the person's state. */
    default Optional<KeyOwners> locate(String userId) {
        return locate(userId, UserQuery.Keyspace.PERSON);
    }

    /** Reads this instance's copy of {@code partition} for {@code userId}: their state and sharing. */
    LocalRead read(String userId, int partition, Copy copy);

    /** Reads this instance's copy of the clinician's caseload: {@link LocalRead.Caseload} or unavailable. */
    LocalRead caseload(String clinicianId, int partition, Copy copy);

    /** Reads this instance's copy of the person's access log: {@link LocalRead.Log} or unavailable. */
    LocalRead accessLog(String userId, int partition, Copy copy);
}
