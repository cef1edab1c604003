package dev.reflect.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ScaleOptionsTest {

    @Test
    void noArgumentsGiveTheDocumentedDefaults() {
        ScaleOptions options = ScaleOptions.parse();

        assertThat(options.people()).isEqualTo(10_000);
        assertThat(options.eventsPerPerson()).isEqualTo(3);
        assertThat(options.events()).isEqualTo(30_000);
        assertThat(options.partitions()).isEqualTo(6);
        assertThat(options.queryRate()).isEqualTo(200);
        assertThat(options.querySeconds()).isEqualTo(30);
        assertThat(options.connections()).isEqualTo(8);
        assertThat(options.workDir()).isNull();
    }

    @Test
    void readsEveryOptionAndAcceptsDigitGroups() {
        ScaleOptions options = ScaleOptions.parse(
                "--people", "1,000,000",
                "--events-per-person", "3",
                "--partitions", "12",
                "--query-rate", "500",
                "--query-seconds", "10",
                "--connections", "4",
                "--work-dir", "/tmp/x");

        assertThat(options).isEqualTo(new ScaleOptions(1_000_000, 3, 12, 500, 10, 4, Path.of("/tmp/x")));
        assertThat(options.events()).isEqualTo(3_000_000L);
    }

    @Test
    void namesTheOptionAndTheRuleOnBadInput() {
        assertThatThrownBy(() -> ScaleOptions.parse("--people", "many"))
                .hasMessage("--people must be a whole number, not 'many'");
        assertThatThrownBy(() -> ScaleOptions.parse("--query-rate", "0")).hasMessage("--query-rate must be positive");
        assertThatThrownBy(() -> ScaleOptions.parse("--people")).hasMessage("--people needs a value");
        assertThatThrownBy(() -> ScaleOptions.parse("--persons", "3"))
                .hasMessageStartingWith("unknown option --persons");
        assertThatThrownBy(() -> ScaleOptions.parse("--people", "10000000"))
                .hasMessageContaining("--people must be at most");
        assertThatThrownBy(() -> ScaleOptions.parse("--people", "9000000", "--events-per-person", "300"))
                .hasMessageContaining("--people × --events-per-person");
    }
}
