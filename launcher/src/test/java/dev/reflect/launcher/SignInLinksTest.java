package dev.reflect.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflect.service.auth.JwtAuthenticator;
import dev.reflect.service.auth.JwtSettings;
import dev.reflect.service.config.Env;
import dev.reflect.web.WebConfig;
import dev.reflect.web.signin.SignInSettings;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SignInLinksTest {

    private static final String SECRET = "sign-in-links-test-secret-0123456789abcdef";
    private static final URI LOCAL = URI.create("http://127.0.0.1:8080");

    @Test
    void theLinkSignsThePersonInWithATokenTheServicesAccept() {
        WebConfig web = new WebConfig("127.0.0.1", 8090, LOCAL, LOCAL, SignInSettings.development());

        String link = SignInLinks.forPerson(
                        web, "http://127.0.0.1:8090", Env.of(Map.of(JwtSettings.SECRET_VARIABLE, SECRET)), "u-you")
                .orElseThrow();

        assertThat(link).startsWith("http://127.0.0.1:8090/#token=");
        String token = link.substring(link.indexOf("#token=") + "#token=".length());
        assertThat(JwtAuthenticator.hs256(SECRET.getBytes(StandardCharsets.UTF_8))
                        .authenticate(token)
                        .userId())
                .isEqualTo("u-you");
    }

    @Test
    void withAnIssuerThereIsNoDevelopmentLink() {
        WebConfig web = new WebConfig(
                "127.0.0.1",
                8090,
                LOCAL,
                LOCAL,
                SignInSettings.oidc(
                        URI.create("https://id.example.org/realms/r"), "reflect-web", Optional.empty(), "openid"));

        assertThat(SignInLinks.forPerson(
                        web, "http://127.0.0.1:8090", Env.of(Map.of(JwtSettings.SECRET_VARIABLE, SECRET)), "u-you"))
                .isEmpty();
        assertThat(SignInLinks.forPerson(
                        new WebConfig("127.0.0.1", 8090, LOCAL, LOCAL, SignInSettings.development()),
                        "http://127.0.0.1:8090",
                        Env.of(Map.of(JwtSettings.JWKS_VARIABLE, "/etc/jwks.json")),
                        "u-you"))
                .isEmpty();
    }
}
