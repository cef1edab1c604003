package dev.reflect.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflect.events.InputTopics;
import dev.reflect.service.config.Env;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GrowPartitionsCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return GrowPartitionsCommand.run(
                List.of(args),
                Env.of(Map.of()),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void withoutATargetVersionAndPartitionCountItRefusesWithTheUsageAndCopiesNothing() {
        assertThat(run()).isEqualTo(2);
        assertThat(run("--to", "v2")).isEqualTo(2);
        assertThat(run("--partitions", "12")).isEqualTo(2);
        assertThat(run("--to", "v2", "--partitions")).isEqualTo(2);
        assertThat(run("--to", "v2", "--partitions", "12", "--shrink")).isEqualTo(2);
        assertThat(errors()).contains(GrowPartitionsCommand.USAGE.strip());
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void aBadVersionOrCountIsNamed() {
        assertThat(run("--to", "2", "--partitions", "12")).isEqualTo(2);
        assertThat(errors()).contains(InputTopics.VARIABLE);

        assertThat(run("--to", "v2", "--partitions", "twelve")).isEqualTo(2);
        assertThat(errors()).contains("--partitions must be a whole number");
    }

    @Test
    void copyingAVersionOntoItselfIsRefusedBeforeKafkaIsAsked() {
        assertThat(run("--from", "v2", "--to", "v2", "--partitions", "12")).isEqualTo(1);
        assertThat(errors()).contains("same topics");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
