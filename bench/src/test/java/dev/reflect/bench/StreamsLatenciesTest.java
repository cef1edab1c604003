package dev.reflect.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StreamsLatenciesTest {

    @Test
    void percentilesAreNearestRank() {
        StreamsLatencies latencies = new StreamsLatencies();
        for (int millis = 100; millis >= 1; millis--) {
            latencies.add(Duration.ofMillis(millis).toNanos());
        }

        assertThat(latencies.count()).isEqualTo(100);
        assertThat(latencies.percentile(50)).isEqualTo(Duration.ofMillis(50));
        assertThat(latencies.percentile(99)).isEqualTo(Duration.ofMillis(99));
        assertThat(latencies.max()).isEqualTo(Duration.ofMillis(100));
        assertThat(latencies.percentile(0.1)).isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void aSampleNeverSeenSortsLastAndSaysSo() {
        StreamsLatencies latencies = new StreamsLatencies();
        latencies.add(Duration.ofMillis(20).toNanos());
        latencies.add(StreamsLatencies.NEVER);

        assertThat(latencies.never()).isEqualTo(1);
        assertThat(latencies.percentile(50)).isEqualTo(Duration.ofMillis(20));
        assertThat(StreamsLatencies.millis(latencies.percentile(99))).isEqualTo("not seen");
        assertThat(StreamsLatencies.millis(Duration.ofMillis(20))).isEqualTo("20 ms");
        assertThat(StreamsLatencies.millis(Duration.ofNanos(2_500_000))).isEqualTo("2.5 ms");
    }

    @Test
    void noSamplesNoPercentile() {
        assertThat(new StreamsLatencies().percentile(99)).isNull();
        assertThat(StreamsLatencies.millis(null)).isEqualTo("—");
    }
}
