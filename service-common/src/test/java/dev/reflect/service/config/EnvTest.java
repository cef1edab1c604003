package dev.reflect.service.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class EnvTest {

    @Test
    void systemPropertyOfTheSameNameOverridesTheEnvironment() {
        Properties overrides = new Properties();
        overrides.setProperty("REFLECT_PRODUCER_PORT", "9999");
        Env env = Env.of(Map.of("REFLECT_PRODUCER_PORT", "8080", "REFLECT_OTHER", "x"), overrides);

        assertThat(env.integer("REFLECT_PRODUCER_PORT", 1, 0, 65535)).isEqualTo(9999);
        assertThat(env.string("REFLECT_OTHER", "default")).isEqualTo("x");
    }

    @Test
    void unsetAndBlankValuesTakeTheDefault() {
        Env env = Env.of(Map.of("REFLECT_BLANK", "  "));

        assertThat(env.integer("REFLECT_MISSING", 8080, 0, 65535)).isEqualTo(8080);
        assertThat(env.string("REFLECT_BLANK", "fallback")).isEqualTo("fallback");
        assertThat(env.optional("REFLECT_BLANK")).isEmpty();
        assertThat(env.millis("REFLECT_MISSING_MS", Duration.ofSeconds(5), Duration.ZERO, Duration.ofMinutes(1)))
                .isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void invalidNumbersNameTheVariableAndTheRuleButNotTheValue() {
        Env env = Env.of(Map.of("REFLECT_PRODUCER_PORT", "s3cr3t-not-a-port", "REFLECT_BIG", "70000"));

        assertThatThrownBy(() -> env.integer("REFLECT_PRODUCER_PORT", 8080, 0, 65535))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("REFLECT_PRODUCER_PORT")
                .hasMessageContaining("between 0 and 65535")
                .hasMessageNotContaining("s3cr3t");
        assertThatThrownBy(() -> env.integer("REFLECT_BIG", 8080, 0, 65535)).hasMessageContaining("REFLECT_BIG");
    }

    @Test
    void booleansAcceptTheUsualSpellings() {
        Env env = Env.of(Map.of("A", "yes", "B", "FALSE", "C", "maybe"));

        assertThat(env.bool("A", false)).isTrue();
        assertThat(env.bool("B", true)).isFalse();
        assertThatThrownBy(() -> env.bool("C", true)).hasMessageContaining("C must be true or false");
    }

    @Test
    void requiredNamesTheVariableWhenMissing() {
        assertThatThrownBy(() -> Env.of(Map.of()).required("REFLECT_THING", "set it to a thing"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("REFLECT_THING is not set: set it to a thing");
    }

    @Test
    void toStringListsNamesOnly() {
        Env env = Env.of(Map.of("REFLECT_JWT_SECRET", "very-secret-value", "PATH", "/bin"));

        assertThat(env.toString()).contains("REFLECT_JWT_SECRET").doesNotContain("very-secret-value");
    }
}
