package dev.reflect.streams.query;

import dev.reflect.streams.state.StateStores;
import dev.reflect.streams.state.UserState;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
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
 * {@link StateStores#USER_STATE}, one partition at a time.
 *
 * <p>The Streams instance is attached once it exists ({@link #attach}): it can only be created
 * after the query server has bound its port, because that port is part of its
 * {@code application.server}. Until then every lookup answers "not known yet".
 */
public final class KafkaUserStateLookup implements UserStateLookup {

    private final Serializer<String> keySerializer = Serdes.String().serializer();
    private volatile Attached attached;

    private record Attached(KafkaStreams streams, HostInfo self) {
    }

    /**
     * @param streams the Streams instance whose stores to read
     * @param self    the {@code application.server} it was configured with, exactly
     */
    public void attach(KafkaStreams streams, HostInfo self) {
        this.attached = new Attached(Objects.requireNonNull(streams), Objects.requireNonNull(self));
    }

    @Override
    public Optional<KeyOwners> locate(String userId) {
        Attached current = attached;
        if (current == null) {
            return Optional.empty();
        }
        KeyQueryMetadata metadata;
        try {
            metadata = current.streams().queryMetadataForKey(StateStores.USER_STATE, userId, keySerializer);
        } catch (IllegalStateException | StreamsException e) {
            // Not started (StreamsNotStartedException is a StreamsException), or shutting down: no
            // instance can be named for the key.
            return Optional.empty();
        }
        if (metadata == null || KeyQueryMetadata.NOT_AVAILABLE.equals(metadata)
                || HostInfo.unavailable().equals(metadata.activeHost())) {
            // Metadata is missing while a rebalance has not yet handed out the partitions.
            return Optional.empty();
        }
        return Optional.of(new KeyOwners(metadata.partition(), metadata.activeHost(), metadata.standbyHosts(),
                current.self()));
    }

    @Override
    public LocalRead read(String userId, int partition, Copy copy) {
        Attached current = attached;
        if (current == null) {
            return new LocalRead.Unavailable();
        }
        StoreQueryParameters<ReadOnlyKeyValueStore<String, UserState>> parameters = StoreQueryParameters
                .fromNameAndType(StateStores.USER_STATE, QueryableStoreTypes.<String, UserState>keyValueStore())
                .withPartition(partition);
        if (copy == Copy.ANY) {
            parameters = parameters.enableStaleStores();
        }
        try {
            return LocalRead.of(current.streams().store(parameters).get(userId));
        } catch (IllegalStateException | InvalidStateStoreException e) {
            // The partition is restoring, has just migrated, or is not held here in the asked role;
            // or Streams is not running at all.
            return new LocalRead.Unavailable();
        }
    }
}
