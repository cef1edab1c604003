package dev.reflect.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamsThreadCpuTest {

    private static final String APP = "reflect-bench-freshness-1a2b3c4d";

    @Test
    void threadsGoToWhatTheyBelongTo() {
        assertThat(StreamsThreadCpu.group(APP + "-77aa-StreamThread-1", APP)).isEqualTo("streams app: stream thread");
        assertThat(StreamsThreadCpu.group(
                        "kafka-producer-network-thread | " + APP + "-77aa-StreamThread-1-producer", APP))
                .isEqualTo("streams app: its Kafka clients' I/O threads");
        assertThat(StreamsThreadCpu.group("kafka-producer-network-thread | producer-1", APP))
                .isEqualTo("ingest service's Kafka producer I/O");
        assertThat(StreamsThreadCpu.group("ingest-http-42", APP))
                .isEqualTo("ingest service HTTP (Jetty, handlers, Kafka send)");
        assertThat(StreamsThreadCpu.group("data-plane-kafka-request-handler-3", APP))
                .isEqualTo("broker request handling and I/O");
        assertThat(StreamsThreadCpu.group("streams-bench-sender-7", APP)).isEqualTo("load client (senders, pollers)");
        assertThat(StreamsThreadCpu.group("main", APP)).isEqualTo("other Java threads");
    }

    @Test
    void readingsOfThisJvmGiveNoNegativeShares() {
        StreamsThreadCpu before = StreamsThreadCpu.now();
        long sink = 0;
        for (int i = 0; i < 1_000_000; i++) {
            sink += Integer.toString(i).hashCode();
        }
        Map<String, Double> cores = before.coresUntil(StreamsThreadCpu.now(), APP);

        assertThat(sink).isNotZero();
        assertThat(cores)
                .containsKeys(
                        "streams app: stream thread",
                        "other Java threads",
                        "not in a Java thread (JIT compiler, GC, RocksDB)");
        assertThat(cores.values()).allSatisfy(share -> assertThat(share).isGreaterThanOrEqualTo(0));
        assertThat(cores.get("other Java threads"))
                .as("this test's own thread worked")
                .isPositive();
    }
}
