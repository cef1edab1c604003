package dev.reflect.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reflect.service.config.ConfigException;
import dev.reflect.service.config.Env;
import dev.reflect.web.signin.SignInSettings;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebConfigTest {

    @Test
    void byDefaultItPassesOnToTheLocalServicesAndSignsInWithDevelopmentTokens() {
        WebConfig config = WebConfig.from(Env.of(Map.of()));

        assertThat(config.port()).isEqualTo(8090);
        assertThat(config.ingestUrl()).isEqualTo(URI.create("http://127.0.0.1:8080"));
        assertThat(config.queryUrl()).isEqualTo(URI.create("http://127.0.0.1:8081"));
        assertThat(config.signIn().usesOidc()).isFalse();
    }

    @Test
    void anIssuerNeedsAClientIdAndAlwaysAsksForOpenid() {
        assertThatThrownBy(
                        () -> WebConfig.from(Env.of(Map.of(SignInSettings.ISSUER_VARIABLE, "https://id.example.org"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(SignInSettings.CLIENT_ID_VARIABLE);

        SignInSettings signIn = WebConfig.from(Env.of(Map.of(
                        SignInSettings.ISSUER_VARIABLE, "https://id.example.org/realms/r/",
                        SignInSettings.CLIENT_ID_VARIABLE, "reflect-web",
                        SignInSettings.SCOPE_VARIABLE, "profile",
                        SignInSettings.CLIENT_SECRET_VARIABLE, "s3cret")))
                .signIn();
        assertThat(signIn.scope()).isEqualTo("openid profile");
        assertThat(signIn.discoveryUrl())
                .isEqualTo(URI.create("https://id.example.org/realms/r/.well-known/openid-configuration"));
        assertThat(signIn.toString()).doesNotContain("s3cret");
    }

    @Test
    void aServiceUrlWithAPathOrNoHostIsRefusedByName() {
        assertThatThrownBy(
                        () -> WebConfig.from(Env.of(Map.of(WebConfig.INGEST_URL_VARIABLE, "http://producer:8080/v1"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(WebConfig.INGEST_URL_VARIABLE);
        assertThatThrownBy(() -> WebConfig.from(Env.of(Map.of(WebConfig.QUERY_URL_VARIABLE, "streams-1:8081"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(WebConfig.QUERY_URL_VARIABLE);
        assertThat(WebConfig.from(Env.of(Map.of(WebConfig.QUERY_URL_VARIABLE, "http://streams-1:8081/")))
                        .queryUrl())
                .isEqualTo(URI.create("http://streams-1:8081"));
    }
}
