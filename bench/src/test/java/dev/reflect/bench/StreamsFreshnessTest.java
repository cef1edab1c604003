package dev.reflect.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamsFreshnessTest {

    private static final LocalDate DAY = LocalDate.of(2026, 11, 26);

    @Test
    void aProbeShowsOnceItsDayReachesTheExpectedCount() {
        String body = """
                {"userId":"bench-probe-00001","asOf":"2026-11-26","days":[
                  {"date":"2026-11-25","checkIns":4},{"date":"2026-11-26","checkIns":2}]}""";

        assertThat(StreamsFreshness.shows(body, DAY, 2)).isTrue();
        assertThat(StreamsFreshness.shows(body, DAY, 1))
                .as("a later probe already counted")
                .isTrue();
        assertThat(StreamsFreshness.shows(body, DAY, 3)).isFalse();
        assertThat(StreamsFreshness.shows(body, DAY.plusDays(1), 1))
                .as("the day is not in the body")
                .isFalse();
        assertThat(StreamsFreshness.shows("not json", DAY, 1)).isFalse();
    }

    @Test
    void slowProbesThatOverlapMergeIntoOneStretch() {
        long second = 1_000_000_000L;
        long origin = 100 * second;
        List<long[]> probes = List.of(
                new long[] {origin, 3 * second}, // slow: 0-3 s
                new long[] {origin + second, 2 * second / 10}, // fast: not a stretch
                new long[] {origin + 2 * second, 2 * second}, // slow, overlaps: 2-4 s
                new long[] {origin + 10 * second, StreamsLatencies.NEVER}); // never seen: 10-40 s

        List<double[]> stretches = StreamsFreshness.stretches(probes, second, origin);

        assertThat(stretches).hasSize(2);
        assertThat(stretches.get(0)).containsExactly(0.0, 4.0);
        assertThat(stretches.get(1)).containsExactly(10.0, 10.0 + StreamsFreshness.PROBE_TIMEOUT.toSeconds());
        assertThat(StreamsFreshness.stretches(List.of(new long[] {origin, second / 2}), second, origin))
                .isEmpty();
    }
}
