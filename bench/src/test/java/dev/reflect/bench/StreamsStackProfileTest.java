package dev.reflect.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflect.bench.StreamsStackProfile.Bucket;
import org.junit.jupiter.api.Test;

class StreamsStackProfileTest {

    private static StackTraceElement frame(String type, String method) {
        return new StackTraceElement(type, method, null, -1);
    }

    private static final StackTraceElement PROCESS =
            frame("org.apache.kafka.streams.processor.internals.StreamTask", "process");
    private static final StackTraceElement RUN =
            frame("org.apache.kafka.streams.processor.internals.StreamThread", "runOnce");

    @Test
    void jacksonCalledByTheTimestampExtractorCountsAsExtraction() {
        StackTraceElement[] stack = {
            frame("com.fasterxml.jackson.core.json.UTF8StreamJsonParser", "nextToken"),
            frame("dev.reflect.streams.topology.OccurredAtTimestampExtractor", "occurredAtMillis"),
            frame("org.apache.kafka.streams.processor.internals.RecordQueue", "updateHead"),
            RUN
        };

        assertThat(StreamsStackProfile.classify(stack)).isEqualTo(Bucket.TIMESTAMP);
    }

    @Test
    void theSchemaValidatorInsideTheParserCountsAsValidation() {
        StackTraceElement[] stack = {
            frame("com.networknt.schema.keyword.PropertiesValidator", "validate"),
            frame("dev.reflect.events.validation.CompiledSchema", "validate"),
            frame("dev.reflect.events.validation.EventParser", "parse"),
            frame("dev.reflect.streams.topology.EventValidator", "process"),
            PROCESS,
            RUN
        };

        assertThat(StreamsStackProfile.classify(stack)).isEqualTo(Bucket.SCHEMA);
    }

    @Test
    void rocksDbUnderTheDedupStoreCountsAsDedupThoughStoreFramesAreNearer() {
        StackTraceElement[] stack = {
            frame("org.rocksdb.RocksDB", "get"),
            frame("org.apache.kafka.streams.state.internals.RocksDBStore", "get"),
            frame("org.apache.kafka.streams.state.internals.MeteredKeyValueStore", "get"),
            frame("dev.reflect.streams.topology.SeenEvents", "contains"),
            frame("dev.reflect.streams.topology.UserPatternAggregator", "process"),
            frame("dev.reflect.streams.topology.EventValidator", "process"),
            PROCESS,
            RUN
        };

        assertThat(StreamsStackProfile.classify(stack)).isEqualTo(Bucket.DEDUP);
    }

    @Test
    void theUserStateStoreBelowTheAggregatorIsStoreWorkAndItsSerdeIsSerde() {
        StackTraceElement[] put = {
            frame("org.rocksdb.RocksDB", "put"),
            frame("org.apache.kafka.streams.state.internals.RocksDBStore", "put"),
            frame("org.apache.kafka.streams.state.internals.MeteredKeyValueStore", "put"),
            frame("dev.reflect.streams.topology.UserPatternAggregator", "process"),
            PROCESS,
            RUN
        };
        StackTraceElement[] serde = {
            frame("dev.reflect.streams.state.UserStateSerde", "serialize"),
            frame("org.apache.kafka.streams.state.internals.MeteredKeyValueStore", "put"),
            frame("dev.reflect.streams.topology.UserPatternAggregator", "process"),
            PROCESS,
            RUN
        };

        assertThat(StreamsStackProfile.classify(put)).isEqualTo(Bucket.KV_STORE);
        assertThat(StreamsStackProfile.classify(serde)).isEqualTo(Bucket.USER_STATE_SERDE);
    }

    @Test
    void aParkedOrPollingThreadIsWaitingAndWhereItWaitsDecidesForWhat() {
        StackTraceElement[] commit = {
            frame("jdk.internal.misc.Unsafe", "park"),
            frame("java.util.concurrent.CountDownLatch", "await"),
            frame("org.apache.kafka.clients.producer.KafkaProducer", "flush"),
            frame("org.apache.kafka.streams.processor.internals.StreamsProducer", "flush"),
            frame("org.apache.kafka.streams.processor.internals.TaskManager", "commit"),
            RUN
        };
        StackTraceElement[] poll = {
            frame("sun.nio.ch.EPoll", "wait"),
            frame("org.apache.kafka.common.network.Selector", "poll"),
            frame("org.apache.kafka.clients.consumer.internals.ClassicKafkaConsumer", "poll"),
            frame("org.apache.kafka.streams.processor.internals.StreamThread", "pollRequests"),
            RUN
        };

        assertThat(StreamsStackProfile.classify(commit)).isEqualTo(Bucket.WAIT_COMMIT);
        assertThat(StreamsStackProfile.classify(poll)).isEqualTo(Bucket.WAIT_POLL);
        assertThat(StreamsStackProfile.waitSite(commit))
                .isEqualTo("org.apache.kafka.streams.processor.internals.StreamsProducer.flush");
    }

    @Test
    void sharesAddUpAndOnlyRunningSamplesCountForRunningShares() {
        StreamsStackProfile profile = new StreamsStackProfile();
        StackTraceElement[] parse = {frame("dev.reflect.events.validation.EventParser", "parse"), PROCESS, RUN};
        StackTraceElement[] waiting = {
            frame("sun.nio.ch.EPoll", "wait"),
            frame("org.apache.kafka.streams.processor.internals.StreamThread", "pollRequests"),
            RUN
        };
        profile.add(parse);
        profile.add(parse);
        profile.add(waiting);
        profile.add(waiting);

        assertThat(profile.samples()).isEqualTo(4);
        assertThat(profile.share(Bucket.JSON_PARSE)).isEqualTo(0.5);
        assertThat(profile.runningShare(Bucket.JSON_PARSE)).isEqualTo(1.0);
        assertThat(profile.runningShare(Bucket.WAIT_POLL)).isZero();
        assertThat(profile.topLeaves(3))
                .singleElement()
                .satisfies(
                        leaf -> assertThat(leaf.getKey()).isEqualTo("dev.reflect.events.validation.EventParser.parse"));
    }

    @Test
    void onlyTheApplicationsOwnStreamThreadsAreStreamThreads() {
        String app = "reflect-bench-A-round1-1a2b3c4d";

        assertThat(StreamsStackProfile.isStreamThread(app + "-6f1e-4c2a-StreamThread-1", app))
                .isTrue();
        assertThat(StreamsStackProfile.isStreamThread(
                        "kafka-producer-network-thread | " + app + "-6f1e-StreamThread-1-producer", app))
                .isFalse();
        assertThat(StreamsStackProfile.isStreamThread("reflect-bench-B-round1-9-StreamThread-1", app))
                .isFalse();
    }
}
