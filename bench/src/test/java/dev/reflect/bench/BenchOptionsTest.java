package dev.reflect.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reflect.bench.BenchOptions.Scenario;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void noArgumentsGiveTheDocumentedDefaults() {
        BenchOptions options = BenchOptions.parse();

        assertThat(options).isEqualTo(BenchOptions.defaults());
        assertThat(options.jitWarmupMin()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.jitWarmupMax()).isEqualTo(Duration.ofSeconds(120));
        assertThat(options.warmup()).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.measure()).isEqualTo(Duration.ofSeconds(20));
        assertThat(options.rounds()).isEqualTo(3);
        assertThat(options.connections()).isEqualTo(256);
        assertThat(options.batchConnections()).isEqualTo(8);
        assertThat(options.scenarios()).containsExactlyInAnyOrder(Scenario.values());
    }

    @Test
    void readsEveryOption() {
        BenchOptions options = BenchOptions.parse(
                "--jit-warmup",
                "1",
                "--jit-warmup-max",
                "2",
                "--warmup",
                "0",
                "--measure",
                "3",
                "--rounds",
                "5",
                "--wrk-threads",
                "2",
                "--connections",
                "128",
                "--batch-connections",
                "4",
                "--batch-size",
                "500",
                "--users",
                "50",
                "--partitions",
                "3",
                "--scenarios",
                "raw, batch",
                "--open-rates",
                "100, 300",
                "--open-connections",
                "16");

        assertThat(options)
                .isEqualTo(new BenchOptions(
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(2),
                        Duration.ZERO,
                        Duration.ofSeconds(3),
                        5,
                        2,
                        128,
                        4,
                        500,
                        50,
                        3,
                        Set.of(Scenario.RAW, Scenario.BATCH),
                        List.of(100, 300),
                        16));
    }

    @Test
    void refusesWhatCannotBeRun() {
        assertThatThrownBy(() -> BenchOptions.parse("--batch-size", "501"))
                .hasMessageContaining("--batch-size must be a whole number between 1 and 500");
        assertThatThrownBy(() -> BenchOptions.parse("--rounds", "0"))
                .hasMessageContaining("--rounds must be a whole number between 1 and 100");
        assertThatThrownBy(() -> BenchOptions.parse("--measure")).hasMessageContaining("missing value for --measure");
        assertThatThrownBy(() -> BenchOptions.parse("--fast", "1")).hasMessageContaining("unknown option --fast");
        assertThatThrownBy(() -> BenchOptions.parse("--scenarios", "raw,turbo"))
                .hasMessageContaining("unknown scenario turbo");
        assertThatThrownBy(() -> BenchOptions.parse("--wrk-threads", "4", "--batch-connections", "2"))
                .hasMessageContaining("at least one connection per thread");
        assertThatThrownBy(() -> BenchOptions.parse("--jit-warmup", "30", "--jit-warmup-max", "20"))
                .hasMessageContaining("--jit-warmup-max must not be less than --jit-warmup");
        assertThatThrownBy(() -> BenchOptions.parse("--open-rates", "500,,2000"))
                .hasMessageContaining("--open-rates must be a whole number between 1 and 100000");
    }
}
