package dev.reflect.notifier.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reflect.service.config.ConfigException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClinicianEndpointsTest {

    /** 24 bytes, the least Standard Webhooks allows. */
    private static final String SECRET = "whsec_QUJDREVGR0hJSktMTU5PUFFSU1RVVldY";
    /** 16 bytes: too short. */
    private static final String SHORT_SECRET = "whsec_QUJDREVGR0hJSktMTU5PUA==";

    @TempDir
    Path dir;

    @Test
    void readsEachCliniciansUrlAndSecretsAndShowsOnlyTheOrigin() throws Exception {
        Path file = Files.writeString(dir.resolve("endpoints.json"), """
                {"endpoints": {
                  "c-1": {"url": "https://care.example.org:8443/hooks/reflect?token=t0ken", "secret": "%s"},
                  "c-2": {"url": "http://127.0.0.1:9999/hook", "secret": "%s", "previousSecret": "%s"}
                }}""".formatted(SECRET, SECRET, SECRET));

        ClinicianEndpoints endpoints = ClinicianEndpoints.load(file);

        assertThat(endpoints.size()).isEqualTo(2);
        ClinicianEndpoint first = endpoints.of("c-1").orElseThrow();
        assertThat(first.url().toString()).isEqualTo("https://care.example.org:8443/hooks/reflect?token=t0ken");
        assertThat(first.origin()).isEqualTo("https://care.example.org:8443");
        assertThat(first.toString()).doesNotContain("t0ken").doesNotContain("hooks");
        assertThat(endpoints
                        .of("c-2")
                        .orElseThrow()
                        .signer()
                        .signature("msg_x", 1, "{}")
                        .split(" "))
                .hasSize(2);
        assertThat(endpoints.of("c-3")).isEmpty();
        assertThat(endpoints.toString()).doesNotContain("c-1");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "plain http elsewhere | {\"endpoints\":{\"c-9\":{\"url\":\"http://care.example.org/h\",\"secret\":\"S\"}}}"
                        + " | endpoint 1: url must use https (http only for a loopback host such as 127.0.0.1)",
                "user info in the url | {\"endpoints\":{\"c-9\":{\"url\":\"https://u:pw@care.example.org/h\",\"secret\":\"S\"}}}"
                        + " | endpoint 1: url must be absolute, with a host, without user info or fragment",
                "no url | {\"endpoints\":{\"c-9\":{\"secret\":\"S\"}}} | endpoint 1: url is required, a string",
                "secret without prefix | {\"endpoints\":{\"c-9\":{\"url\":\"https://h.example/\",\"secret\":\"QUJD\"}}}"
                        + " | endpoint 1: secret must be a string whsec_<base64>",
                "secret too short | {\"endpoints\":{\"c-9\":{\"url\":\"https://h.example/\",\"secret\":\"SHORT\"}}}"
                        + " | endpoint 1: secret must hold 24 to 64 bytes",
                "secret not base64 | {\"endpoints\":{\"c-9\":{\"url\":\"https://h.example/\",\"secret\":\"whsec_***\"}}}"
                        + " | endpoint 1: secret must be whsec_ followed by base64",
                "unknown field | {\"endpoints\":{\"c-9\":{\"url\":\"https://h.example/\",\"secret\":\"S\",\"x\":1}}}"
                        + " | endpoint 1: unknown field (allowed: url, secret, previousSecret)",
                "second entry | {\"endpoints\":{\"c-8\":{\"url\":\"https://h.example/\",\"secret\":\"S\"},"
                        + "\"c-9\":{\"url\":\"ftp://h.example/\",\"secret\":\"S\"}}}"
                        + " | endpoint 2: url must use https (http only for a loopback host such as 127.0.0.1)",
                "repeated clinician | {\"endpoints\":{\"c-9\":{\"url\":\"https://h.example/\",\"secret\":\"S\"},"
                        + "\"c-9\":{\"url\":\"https://h.example/\",\"secret\":\"S\"}}}"
                        + " | the file is not valid JSON (or repeats a key)",
                "no endpoints object | {\"clinicians\":{}} | the file may hold only \"endpoints\"",
                "not json | endpoints: [] | the file is not valid JSON (or repeats a key)",
            })
    void namesTheRuleAndThePositionButNeverTheIdUrlOrSecret(String name, String json, String rule) {
        byte[] file = json.replace("\"S\"", "\"" + SECRET + "\"")
                .replace("\"SHORT\"", "\"" + SHORT_SECRET + "\"")
                .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> ClinicianEndpoints.parse(file))
                .isInstanceOf(ConfigException.class)
                .hasMessage(ClinicianEndpoints.VARIABLE + ": " + rule)
                .hasMessageNotContaining("c-9")
                .hasMessageNotContaining("h.example")
                .hasMessageNotContaining("QUJD");
    }

    @Test
    void aMissingFileIsAConfigurationError() {
        assertThatThrownBy(() -> ClinicianEndpoints.load(dir.resolve("absent.json")))
                .isInstanceOf(ConfigException.class)
                .hasMessage(ClinicianEndpoints.VARIABLE + " must name a readable JSON file");
    }

    @Test
    void loopbackIsJudgedByNameNeverByLookup() {
        assertThat(ClinicianEndpoints.isLoopback("127.0.0.1")).isTrue();
        assertThat(ClinicianEndpoints.isLoopback("127.3.4.5")).isTrue();
        assertThat(ClinicianEndpoints.isLoopback("localhost")).isTrue();
        assertThat(ClinicianEndpoints.isLoopback("[::1]")).isTrue();
        assertThat(ClinicianEndpoints.isLoopback("127.0.0.1.example.org")).isFalse();
        assertThat(ClinicianEndpoints.isLoopback("10.0.0.1")).isFalse();
    }
}
