package dev.reflect.streams.metrics;

import dev.reflect.streams.state.StateStores;
import dev.reflect.streams.state.UserState;
import java.util.function.BiConsumer;
import org.apache.kafka.streams.KafkaStreams;

/** {@link ActiveUserStates} over interactive queries of {@link StateStores#USER_STATE}: every local partition, active copies only. */
final class KafkaActiveUserStates implements ActiveUserStates {

    private final ActiveStoreScan<UserState> scan;

    KafkaActiveUserStates(KafkaStreams streams) {
        this.scan = new ActiveStoreScan<>(streams, StateStores.USER_STATE);
    }

    @Override
    public boolean forEach(BiConsumer<String, UserState> visitor) {
        return scan.forEach((userId, state) -> {
            if (!state.isEmpty()) {
                visitor.accept(userId, state);
            }
        });
    }
}
