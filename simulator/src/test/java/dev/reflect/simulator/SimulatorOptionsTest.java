package dev.reflect.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reflect.service.auth.DevTokens;
import dev.reflect.service.auth.JwtSettings;
import dev.reflect.service.config.Env;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SimulatorOptionsTest {

    private static final String SECRET = "simulator-options-test-secret-0123456789";
    private static final Env NO_ENV = Env.of(Map.of());

    @Test
    void defaultsDriveTheLocalRun() {
        SimulatorOptions options = SimulatorOptions.parse(List.of(), NO_ENV);

        assertThat(options.users()).isEqualTo(50);
        assertThat(options.rate()).isEqualTo(2.0);
        assertThat(options.target()).isEqualTo(URI.create("http://127.0.0.1:8080"));
        assertThat(options.historyDays()).isEqualTo(42);
        assertThat(options.seed()).isEqualTo(1);
        assertThat(options.duration()).isEmpty();
        assertThat(options.userPrefix()).isEqualTo("demo-");
        assertThat(options.developmentSecret()).isTrue();
        assertThat(options.secret()).isEqualTo(DevTokens.LOCAL_DEVELOPMENT_SECRET.getBytes(StandardCharsets.UTF_8));
        assertThat(options.sendsLive()).isTrue();
    }

    @Test
    void everyOptionInBothSpellings() {
        SimulatorOptions options = SimulatorOptions.parse(
                List.of(
                        "--users",
                        "7",
                        "--rate=0.5",
                        "--target",
                        "https://ingest.example:8443",
                        "--secret=" + SECRET,
                        "--history-days",
                        "30",
                        "--seed",
                        "-12",
                        "--duration",
                        "10m",
                        "--user-prefix",
                        "load.",
                        "--concurrency",
                        "3"),
                NO_ENV);

        assertThat(options.users()).isEqualTo(7);
        assertThat(options.rate()).isEqualTo(0.5);
        assertThat(options.target()).isEqualTo(URI.create("https://ingest.example:8443"));
        assertThat(options.secret()).isEqualTo(SECRET.getBytes(StandardCharsets.UTF_8));
        assertThat(options.developmentSecret()).isFalse();
        assertThat(options.historyDays()).isEqualTo(30);
        assertThat(options.seed()).isEqualTo(-12);
        assertThat(options.duration()).contains(Duration.ofMinutes(10));
        assertThat(options.userPrefix()).isEqualTo("load.");
        assertThat(options.concurrency()).isEqualTo(3);
    }

    @Test
    void theSecretComesFromTheEnvironmentWhenNotGiven() {
        SimulatorOptions options =
                SimulatorOptions.parse(List.of(), Env.of(Map.of(JwtSettings.SECRET_VARIABLE, SECRET)));
        assertThat(options.secret()).isEqualTo(SECRET.getBytes(StandardCharsets.UTF_8));
        assertThat(options.developmentSecret()).isFalse();
        assertThat(options.toString()).doesNotContain(SECRET);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "--users|0|--users must be a whole number from 1 to 10000",
                "--users|many|--users must be a whole number from 1 to 10000",
                "--rate|-1|--rate must be a number from 0 to 10000",
                "--rate|NaN|--rate must be a number from 0 to 10000",
                "--target|ftp://x|--target must be an http:// or https:// URL",
                "--target|http://host/v1|--target must be an http:// or https:// URL",
                "--history-days|6|--history-days must be a whole number from 7 to 89",
                "--history-days|90|--history-days must be a whole number from 7 to 89",
                "--seed|1.5|--seed must be a whole number",
                "--duration|soon|--duration must be a length of time",
                "--duration|-PT1M|--duration must be a length of time",
                "--user-prefix|a b|--user-prefix must be 1 to 40 letters",
                "--concurrency|65|--concurrency must be a whole number from 1 to 64",
                "--frobnicate|1|unknown option --frobnicate"
            })
    void badValuesNameTheOptionAndItsRule(String option, String value, String message) {
        assertThatThrownBy(() -> SimulatorOptions.parse(List.of(option, value), NO_ENV))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void aShortSecretIsRefusedWithoutRepeatingIt() {
        assertThatThrownBy(() -> SimulatorOptions.parse(List.of("--secret", "short-secret-value"), NO_ENV))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("--secret")
                .hasMessageContaining("32 bytes")
                .hasMessageNotContaining("short-secret-value");
    }

    @Test
    void anOptionWithoutItsValueIsNamed() {
        assertThatThrownBy(() -> SimulatorOptions.parse(List.of("--users"), NO_ENV))
                .hasMessage("--users needs a value");
        assertThatThrownBy(() -> SimulatorOptions.parse(List.of("50"), NO_ENV))
                .hasMessageContaining("options start with --");
    }

    @ParameterizedTest
    @CsvSource({
        "90,PT1M30S",
        "90s,PT1M30S",
        "10m,PT10M",
        "2h,PT2H",
        "1d,PT24H",
        "250ms,PT0.25S",
        "PT1H30M,PT1H30M",
        "pt5m,PT5M",
        "0,PT0S"
    })
    void durationsInShortOrIsoForm(String text, String expected) {
        assertThat(SimulatorOptions.duration(text)).isEqualTo(Duration.parse(expected));
    }

    @Test
    void zeroRateOrZeroDurationMeansHistoryOnly() {
        assertThat(SimulatorOptions.parse(List.of("--rate", "0"), NO_ENV).sendsLive())
                .isFalse();
        assertThat(SimulatorOptions.parse(List.of("--duration", "0"), NO_ENV).sendsLive())
                .isFalse();
        assertThat(SimulatorOptions.parse(List.of("--duration", "1s"), NO_ENV).duration())
                .isEqualTo(Optional.of(Duration.ofSeconds(1)));
    }

    @Test
    void theCommandExitsWith2AndTheUsageOnABadCommandLine() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = SimulateCommand.run(
                List.of("--users", "-3"), NO_ENV, new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("simulate: --users must be a whole number from 1 to 10000")
                .contains("usage: ./reflect simulate");
    }
}
