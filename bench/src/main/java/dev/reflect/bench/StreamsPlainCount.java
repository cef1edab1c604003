package dev.reflect.bench;

import dev.reflect.events.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.processor.FailOnInvalidTimestamp;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The naive baseline of the issue: {@code groupByKey().count()} over the check-in topic, the least
 * a stateful per-user aggregation can do. It reads the value as opaque bytes and takes the Kafka
 * record timestamp (Kafka's own default extractor), so nothing of Reflect's parsing, validation,
 * event time or de-duplication is in it; its store is the usual cached, changelogged RocksDB one.
 */
final class StreamsPlainCount {

    /** The count store, so a run can check that every record was counted. */
    static final String STORE = "plain-count";

    private StreamsPlainCount() {}

    static Topology build() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(
                        Topics.CHECKINS.name(),
                        Consumed.with(Serdes.String(), Serdes.ByteArray())
                                .withTimestampExtractor(new FailOnInvalidTimestamp()))
                .groupByKey()
                .count(Materialized.<String, Long, KeyValueStore<Bytes, byte[]>>as(STORE)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(Serdes.Long()));
        return builder.build();
    }
}
