package dev.reflect.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProducerPerfRunTest {

    @Test
    void readsTheSteadyStateLineAndTheToolsCpuTime() {
        String output = """
                400000 records sent, 80000.000000 records/sec (46.52 MB/sec), 485.09 ms avg latency, 900.00 ms max latency, 460 ms 50th, 784 ms 95th, 812 ms 99th, 819 ms 99.9th.
                260024 steady state records sent, 80081.305821 records/sec (46.52 MB/sec), 485.09 ms avg latency, 827.00 ms max latency, 455 ms 50th, 780 ms 95th, 810 ms 99th, 819 ms 99.9th.
                0m0.003s 0m0.001s
                1m7.923s 0m0.935s
                """;

        ProducerPerfScenario.Run run = ProducerPerfScenario.Run.parse(output);

        assertThat(run.records()).isEqualTo(260_024);
        assertThat(run.recordsPerSecond()).isEqualTo(80_081.305821);
        assertThat(run.p50Millis()).isEqualTo(455);
        assertThat(run.p99Millis()).isEqualTo(810);
        assertThat(run.cpuSeconds()).isCloseTo(68.858, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void aRunWithoutItsSteadyStateLineIsAnError() {
        assertThatThrownBy(() -> ProducerPerfScenario.Run.parse("Exception in thread main ...\n0m0.1s 0m0.0s\n"))
                .hasMessageContaining("no steady-state line");
    }
}
