package dev.reflect.service.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reflect.service.config.ConfigException;
import dev.reflect.service.config.Env;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JwtSettingsTest {

    @Test
    void refusesToStartWithoutASecretOrJwks() {
        assertThatThrownBy(() -> JwtSettings.from(Env.of(Map.of())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("REFLECT_JWT_SECRET")
                .hasMessageContaining("REFLECT_JWT_JWKS")
                .hasMessageContaining("Refusing to start");
    }

    @Test
    void refusesASecretShorterThan32Bytes() {
        assertThatThrownBy(() -> JwtSettings.from(Env.of(Map.of("REFLECT_JWT_SECRET", "short-but-secret"))))
                .isInstanceOf(ConfigException.class)
                .hasMessage("REFLECT_JWT_SECRET must be at least 32 bytes long");
    }

    @Test
    void theJwksTakesPrecedenceOverASecret() {
        JwtSettings settings = JwtSettings.from(Env.of(
                Map.of("REFLECT_JWT_SECRET", "x".repeat(40), "REFLECT_JWT_JWKS", "https://id.example/jwks.json")));

        assertThat(settings.usesJwks()).isTrue();
        assertThat(settings.secret()).isEmpty();
    }

    @Test
    void toStringNeverShowsTheSecret() {
        JwtSettings settings = JwtSettings.from(Env.of(Map.of("REFLECT_JWT_SECRET", "s".repeat(40))));

        assertThat(settings.toString()).doesNotContain("sss").contains("40 bytes");
    }
}
