package dev.reflect.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class EraseCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return EraseCommand.run(
                List.of(args),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void withoutExactlyOnePersonItRefusesWithTheUsageAndWritesNothing() {
        assertThat(run()).isEqualTo(2);
        assertThat(run("u-1", "u-2")).isEqualTo(2);
        assertThat(run("--bootstrap-servers")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(EraseCommand.USAGE.strip());
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
