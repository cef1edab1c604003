package dev.reflect.streams.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflect.streams.topology.ReflectStreamsConfig;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

class SeenEventsRocksDbConfigTest {

    static {
        RocksDB.loadLibrary();
    }

    private final SeenEventsRocksDbConfig setter = new SeenEventsRocksDbConfig();

    @Test
    void theDedupStoreKeepsBloomFiltersOnEveryLevelAndInTheMemtable() {
        try (Options options = new Options().setOptimizeFiltersForHits(true)) {
            setter.setConfig(StateStores.SEEN_EVENTS, options, Map.of());

            assertThat(options.optimizeFiltersForHits()).isFalse();
            assertThat(options.memtableWholeKeyFiltering()).isTrue();
            assertThat(options.memtablePrefixBloomSizeRatio()).isEqualTo(SeenEventsRocksDbConfig.MEMTABLE_BLOOM_RATIO);
        }
    }

    @Test
    void otherStoresKeepKafkaStreamsDefaults() {
        try (Options options = new Options().setOptimizeFiltersForHits(true)) {
            setter.setConfig(StateStores.USER_STATE, options, Map.of());

            assertThat(options.optimizeFiltersForHits()).isTrue();
            assertThat(options.memtableWholeKeyFiltering()).isFalse();
            assertThat(options.memtablePrefixBloomSizeRatio()).isZero();
        }
    }

    @Test
    void theBaseConfigurationInstallsIt() {
        StreamsConfig config = new StreamsConfig(ReflectStreamsConfig.base("127.0.0.1:1234"));

        assertThat(config.getClass(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG))
                .isEqualTo(SeenEventsRocksDbConfig.class);
    }
}
