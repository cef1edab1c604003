package dev.reflect.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reflect.bench.StreamsBenchOptions.Phase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StreamsBenchOptionsTest {

    @Test
    void noArgumentsGiveTheDocumentedDefaults() {
        StreamsBenchOptions options = StreamsBenchOptions.parse();

        assertThat(options).isEqualTo(StreamsBenchOptions.defaults());
        assertThat(options.users()).isEqualTo(10_000);
        assertThat(options.events()).isEqualTo(200_000);
        assertThat(options.rounds()).isEqualTo(3);
        assertThat(options.rate()).isEqualTo(2000);
        assertThat(options.measure()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.sampleEvery()).isEqualTo(40);
        assertThat(options.pollInterval()).isEqualTo(Duration.ofMillis(25));
        assertThat(options.phases()).containsExactlyInAnyOrder(Phase.values());
        assertThat(options.probeLog()).isNull();
    }

    @Test
    void readsEveryOption() {
        StreamsBenchOptions options = StreamsBenchOptions.parse(
                "--users",
                "50",
                "--events",
                "1000",
                "--partitions",
                "3",
                "--warmup-rounds",
                "0",
                "--rounds",
                "5",
                "--profile",
                "false",
                "--rate",
                "500",
                "--freshness-warmup",
                "1",
                "--freshness-warmup-max",
                "2",
                "--measure",
                "3",
                "--sample-every",
                "10",
                "--poll-millis",
                "50",
                "--probe-users",
                "20",
                "--connections",
                "8",
                "--phases",
                " freshness ",
                "--probe-log",
                "probes.txt",
                "--variants",
                "a, C",
                "--commit-ms",
                "1000");

        assertThat(options)
                .isEqualTo(new StreamsBenchOptions(
                        50,
                        1000,
                        3,
                        0,
                        5,
                        false,
                        500,
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(3),
                        10,
                        Duration.ofMillis(50),
                        20,
                        8,
                        Set.of(Phase.FRESHNESS),
                        Path.of("probes.txt"),
                        Set.of(StreamsThroughput.Variant.REFLECT, StreamsThroughput.Variant.NAIVE_PEER),
                        1000));
    }

    @Test
    void refusesWhatCannotBeRun() {
        assertThatThrownBy(() -> StreamsBenchOptions.parse("--rounds", "0"))
                .hasMessageContaining("--rounds must be a whole number between 1 and 100");
        assertThatThrownBy(() -> StreamsBenchOptions.parse("--profile", "maybe"))
                .hasMessageContaining("--profile must be true or false");
        assertThatThrownBy(() -> StreamsBenchOptions.parse("--phases", "throughput,latency"))
                .hasMessageContaining("unknown phase latency");
        assertThatThrownBy(() -> StreamsBenchOptions.parse("--freshness-warmup", "10", "--freshness-warmup-max", "5"))
                .hasMessageContaining("--freshness-warmup-max must not be less than --freshness-warmup");
        assertThatThrownBy(() -> StreamsBenchOptions.parse("--variants", "A,D"))
                .hasMessageContaining("unknown variant D");
        assertThatThrownBy(() -> StreamsBenchOptions.parse("--users"))
                .hasMessageContaining("missing value for --users");
        assertThatThrownBy(() -> StreamsBenchOptions.parse("--speed", "1"))
                .hasMessageContaining("unknown option --speed");
    }
}
