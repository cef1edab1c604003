package dev.reflect.streams.query;

import dev.reflect.service.http.ServiceUnavailableException;
import dev.reflect.streams.measures.MeasureState;
import dev.reflect.streams.measures.MeasureStores;
import dev.reflect.streams.state.AccessLog;
import dev.reflect.streams.state.Caseloads;
import dev.reflect.streams.state.SharingState;
import dev.reflect.streams.state.StateStores;
import dev.reflect.streams.state.UserEntries;
import dev.reflect.streams.state.UserState;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * {@link UserStateLookup} over a running {@link KafkaStreams}: key metadata from
 * {@code queryMetadataForKey}, local reads through interactive queries on
 * {@link StateStores#USER_STATE} (and, in the same tasks, {@link StateStores#USER_ENTRIES} and
 * {@link MeasureStores#MEASURES}), one partition at a time.
 *
 * <p>The Streams instance is attached once it exists ({@link #attach}): it can only be created
 * after the query server has bound its port, because that port is part of its
 * {@code application.server}. Until then every lookup answers "not known yet".
 *
 * <p>An active copy that lacks the user is believed only once its task has processed the input
 * it took over ({@link InputCatchUp}); until then the read is unavailable, so the API answers
 * 503 or a standby's figures rather than a wrong 404.
 */
public final class KafkaUserStateLookup implements UserStateLookup {

    private final Serializer<String> keySerializer = Serdes.String().serializer();
    private volatile Attached attached;

    private record Attached(KafkaStreams streams, HostInfo self, InputCatchUp input, BooleanSupplier inGroup) {}

    /**
     * @param streams the Streams instance whose stores to read
     * @param self    the {@code application.server} it was configured with, exactly
     */
    public void attach(KafkaStreams streams, HostInfo self) {
        attach(streams, self, () -> true);
    }

    /**
     * @param inGroup whether the consumer group still counts this instance as a member; while it
     *     does not (a network split), no key can be located here and queries answer 503, since
     *     the instance's assignment and copies may be out of date without its knowing
     */
    public void attach(KafkaStreams streams, HostInfo self, BooleanSupplier inGroup) {
        this.attached = new Attached(
                Objects.requireNonNull(streams),
                Objects.requireNonNull(self),
                new InputCatchUp(),
                Objects.requireNonNull(inGroup));
    }

    @Override
    public Optional<KeyOwners> locate(String key, UserQuery.Keyspace keyspace) {
        Attached current = attached;
        if (current == null || !current.inGroup().getAsBoolean()) {
            return Optional.empty();
        }
        String store = switch (keyspace) {
            case PERSON -> StateStores.USER_STATE;
            case CLINICIAN -> StateStores.CASELOADS;
            case ACCESS_LOG -> StateStores.ACCESS_LOG;
        };
        KeyQueryMetadata metadata;
        try {
            // Caseload rows travel keyed by clinicianId with the default partitioner, so the
            // clinicianId's own hash names their partition, whatever the store's composite key.
            metadata = current.streams().queryMetadataForKey(store, key, keySerializer);
        } catch (IllegalStateException | StreamsException e) {
            // Not started (StreamsNotStartedException is a StreamsException), or shutting down: no
            // instance can be named for the key.
            return Optional.empty();
        }
        if (metadata == null
                || KeyQueryMetadata.NOT_AVAILABLE.equals(metadata)
                || HostInfo.unavailable().equals(metadata.activeHost())) {
            // Metadata is missing while a rebalance has not yet handed out the partitions.
            return Optional.empty();
        }
        return Optional.of(
                new KeyOwners(metadata.partition(), metadata.activeHost(), metadata.standbyHosts(), current.self()));
    }

    @Override
    public LocalRead read(String userId, int partition, Copy copy) {
        Attached current = attached;
        if (current == null) {
            return new LocalRead.Unavailable();
        }
        StoreQueryParameters<ReadOnlyKeyValueStore<String, UserState>> parameters =
                StoreQueryParameters.fromNameAndType(
                                StateStores.USER_STATE, QueryableStoreTypes.<String, UserState>keyValueStore())
                        .withPartition(partition);
        if (copy == Copy.ANY) {
            parameters = parameters.enableStaleStores();
        }
        LocalRead read = readStore(current.streams(), parameters, userId, partition, copy);
        if (copy != Copy.ACTIVE || !(read instanceof LocalRead.Absent)) {
            return read;
        }
        // A user missing from the active copy may still be on the way to it, in input that a task
        // which has just taken the partition over has not processed yet.
        if (!inputCaughtUp(current, partition)) {
            return new LocalRead.Unavailable();
        }
        // Caught up now, but perhaps only since the first read: ask the complete store again.
        return readStore(current.streams(), parameters, userId, partition, copy);
    }

    @Override
    public LocalRead caseload(String clinicianId, int partition, Copy copy) {
        Attached current = attached;
        if (current == null) {
            return new LocalRead.Unavailable();
        }
        try {
            return new LocalRead.Caseload(Caseloads.of(
                    current.streams().store(parameters(StateStores.CASELOADS, partition, copy)), clinicianId));
        } catch (IllegalStateException | InvalidStateStoreException e) {
            return new LocalRead.Unavailable();
        }
    }

    @Override
    public LocalRead accessLog(String userId, int partition, Copy copy) {
        Attached current = attached;
        if (current == null) {
            return new LocalRead.Unavailable();
        }
        StoreQueryParameters<ReadOnlyKeyValueStore<String, AccessLog>> parameters =
                StoreQueryParameters.fromNameAndType(
                                StateStores.ACCESS_LOG, QueryableStoreTypes.<String, AccessLog>keyValueStore())
                        .withPartition(partition);
        if (copy == Copy.ANY) {
            parameters = parameters.enableStaleStores();
        }
        try {
            AccessLog log = current.streams().store(parameters).get(userId);
            return new LocalRead.Log(log == null ? AccessLog.empty() : log);
        } catch (IllegalStateException | InvalidStateStoreException e) {
            return new LocalRead.Unavailable();
        }
    }

    private static StoreQueryParameters<ReadOnlyKeyValueStore<Bytes, byte[]>> parameters(
            String store, int partition, Copy copy) {
        StoreQueryParameters<ReadOnlyKeyValueStore<Bytes, byte[]>> parameters = StoreQueryParameters.fromNameAndType(
                        store, QueryableStoreTypes.<Bytes, byte[]>keyValueStore())
                .withPartition(partition);
        return copy == Copy.ANY ? parameters.enableStaleStores() : parameters;
    }

    private static LocalRead readStore(
            KafkaStreams streams,
            StoreQueryParameters<ReadOnlyKeyValueStore<String, UserState>> parameters,
            String userId,
            int partition,
            Copy copy) {
        try {
            UserState state = streams.store(parameters).get(userId);
            StoreQueryParameters<ReadOnlyKeyValueStore<String, SharingState>> sharingParameters =
                    StoreQueryParameters.fromNameAndType(
                                    StateStores.SHARING, QueryableStoreTypes.<String, SharingState>keyValueStore())
                            .withPartition(partition);
            if (copy == Copy.ANY) {
                sharingParameters = sharingParameters.enableStaleStores();
            }
            SharingState sharing = streams.store(sharingParameters).get(userId);
            return LocalRead.of(
                    state,
                    sharing,
                    () -> entries(streams, userId, partition, copy),
                    () -> measures(streams, userId, partition, copy));
        } catch (IllegalStateException | InvalidStateStoreException e) {
            // The partition is restoring, has just migrated, or is not held here in the asked role;
            // or Streams is not running at all.
            return new LocalRead.Unavailable();
        }
    }

    /** The user's entries from the same copy as their state; a copy that moved meanwhile fails the query (503). */
    private static List<UserEntries.Entry> entries(KafkaStreams streams, String userId, int partition, Copy copy) {
        try {
            return UserEntries.of(streams.store(parameters(StateStores.USER_ENTRIES, partition, copy)), userId);
        } catch (IllegalStateException | InvalidStateStoreException e) {
            throw new ServiceUnavailableException(
                    "This user's data is moving between instances or being restored; retry shortly.",
                    UserQueries.RETRY_AFTER);
        }
    }

    /**
     * The user's measures from the same copy as their state (the two stores live in the same
     * tasks); a copy that moved meanwhile fails the query (503).
     */
    private static MeasureState measures(KafkaStreams streams, String userId, int partition, Copy copy) {
        StoreQueryParameters<ReadOnlyKeyValueStore<String, MeasureState>> parameters =
                StoreQueryParameters.fromNameAndType(
                                MeasureStores.MEASURES, QueryableStoreTypes.<String, MeasureState>keyValueStore())
                        .withPartition(partition);
        if (copy == Copy.ANY) {
            parameters = parameters.enableStaleStores();
        }
        try {
            MeasureState state = streams.store(parameters).get(userId);
            return state == null ? MeasureState.empty() : state;
        } catch (IllegalStateException | InvalidStateStoreException e) {
            throw new ServiceUnavailableException(
                    "This user's data is moving between instances or being restored; retry shortly.",
                    UserQueries.RETRY_AFTER);
        }
    }

    private static boolean inputCaughtUp(Attached current, int partition) {
        try {
            return current.input()
                    .caughtUp(
                            partition,
                            current.streams().metadataForLocalThreads(),
                            current.streams().metrics());
        } catch (IllegalStateException | StreamsException e) {
            return false;
        }
    }
}
