package dev.reflect.streams.state;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.Options;

/**
 * RocksDB settings for the dedup store ({@link StateStores#SEEN_EVENTS}); every other store keeps
 * Kafka Streams' defaults. Those defaults suit stores whose reads mostly find their key: they
 * leave the Bloom filter out of the last level ({@code optimize_filters_for_hits}), so a key that
 * is not there costs an index search and a block read. Nearly every dedup lookup is such a miss
 * (a new event id), so this keeps the filters on every level and adds one to the memtables.
 */
public final class SeenEventsRocksDbConfig implements RocksDBConfigSetter {

    /** Memory for the memtables' whole-key Bloom filter, as a share of the write buffer. */
    static final double MEMTABLE_BLOOM_RATIO = 0.1;

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        if (!StateStores.SEEN_EVENTS.equals(storeName)) {
            return;
        }
        options.setOptimizeFiltersForHits(false);
        options.setMemtableWholeKeyFiltering(true);
        options.setMemtablePrefixBloomSizeRatio(MEMTABLE_BLOOM_RATIO);
    }

    @Override
    public void close(String storeName, Options options) {
        // Nothing allocated here: the settings live in the options Kafka Streams closes itself.
    }
}
