package dev.reflect.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WrkResultTest {

    private static final String OUTPUT = """
            Running 20s test @ http://127.0.0.1:41234/v1/check-ins
              1 threads and 64 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency    12.31ms    8.02ms 210.44ms   91.02%
                Req/Sec     5.21k   612.40     6.80k    70.50%
              Latency Distribution
                 50%   10.52ms
                 75%   13.90ms
                 90%   18.77ms
                 99%   45.12ms
              104215 requests in 20.01s, 19.36MB read
              Non-2xx or 3xx responses: 3
            REFLECT_WRK requests=104215 duration_us=20010000 bytes=20300000 connect_errors=0 read_errors=1 write_errors=0 status_errors=3 timeouts=2 p50_us=10520 p90_us=18771 p99_us=45120 p999_us=98000 max_us=210440 cpu_ms=4002
            Requests/sec:   5208.15
            Transfer/sec:      0.97MB
            """;

    @Test
    void readsTheMachineReadableLineAmongTheHumanSummary() {
        WrkResult result = WrkResult.parse(OUTPUT);

        assertThat(result.requests()).isEqualTo(104_215);
        assertThat(result.duration()).isEqualTo(Duration.ofMillis(20_010));
        assertThat(result.p50()).isEqualTo(Duration.ofNanos(10_520_000));
        assertThat(result.p99()).isEqualTo(Duration.ofNanos(45_120_000));
        assertThat(result.p999()).isEqualTo(Duration.ofMillis(98));
        assertThat(result.max()).isEqualTo(Duration.ofNanos(210_440_000));
        assertThat(result.statusErrors()).isEqualTo(3);
        assertThat(result.cpu()).isEqualTo(Duration.ofMillis(4002));
    }

    @Test
    void countsOnlySuccessfulRequestsInTheRateAndEveryKindOfProblem() {
        WrkResult result = WrkResult.parse(OUTPUT);

        assertThat(result.successfulRequests()).isEqualTo(104_212);
        assertThat(result.successfulRequestsPerSecond()).isCloseTo(104_212 / 20.01, within(0.01));
        assertThat(result.problems()).isEqualTo(1 + 3 + 2);
        assertThat(result.cpuCores()).isCloseTo(4.002 / 20.01, within(1e-9));
    }

    @Test
    void failsClearlyWhenWrkPrintedNoResultLine() {
        assertThatThrownBy(() -> WrkResult.parse("unable to connect to 127.0.0.1:1 Connection refused\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("REFLECT_WRK");
    }

    @Test
    void failsOnAMissingOrMalformedValue() {
        assertThatThrownBy(() -> WrkResult.parse("REFLECT_WRK requests=10 duration_us=1000000"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lacks bytes");
        assertThatThrownBy(() -> WrkResult.parse(OUTPUT.replace("p99_us=45120", "p99_us=45.1ms")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("p99_us");
    }
}
