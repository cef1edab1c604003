package dev.reflect.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reflect.service.auth.JwtSettings;
import dev.reflect.service.config.Env;
import dev.reflect.simulator.SimulatorOptions;
import dev.reflect.simulator.UsageException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoTest {

    private static final String SECRET = "demo-test-secret-0123456789-abcdefghijkl";

    @Test
    void theDemoSignsWithTheSecretTheLocalRunChecks() {
        SimulatorOptions options =
                Demo.options(List.of("--users", "20", "--rate=1"), Env.of(Map.of(JwtSettings.SECRET_VARIABLE, SECRET)));

        assertThat(options.users()).isEqualTo(20);
        assertThat(options.rate()).isEqualTo(1.0);
        assertThat(options.secret()).isEqualTo(SECRET.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anotherTargetOrSecretBelongsToSimulateNotToTheDemo() {
        for (List<String> args : List.of(
                List.of("--target", "http://elsewhere:8080"),
                List.of("--target=http://x"),
                List.of("--secret", SECRET),
                List.of("--secret=" + SECRET))) {
            assertThatThrownBy(() -> Demo.options(args, Env.of(Map.of())))
                    .isInstanceOf(UsageException.class)
                    .hasMessageContaining("./reflect simulate --target URL --secret S")
                    .hasMessageNotContaining(SECRET);
        }
    }

    @Test
    void aJwksDeploymentCannotRunTheDemo() {
        assertThatThrownBy(() -> Demo.options(List.of(), Env.of(Map.of(JwtSettings.JWKS_VARIABLE, "/etc/jwks.json"))))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("unset REFLECT_JWT_JWKS");
    }

    @Test
    void simulatorOptionErrorsPassThrough() {
        assertThatThrownBy(() -> Demo.options(List.of("--users", "0"), Env.of(Map.of())))
                .hasMessageStartingWith("--users must be a whole number");
    }
}
