package dev.reflect.notifier.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reflect.events.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Checks received webhooks' signatures with an implementation that shares no code with the
 * notifier: {@code verify_webhooks.py}, Python's {@code hmac} and {@code base64}. Skipped where no
 * {@code python3} is found, except under {@code CI=true}, where that fails.
 */
public final class IndependentVerifier {

    private IndependentVerifier() {}

    /**
     * Asserts that every one of {@code received} verifies under the secret of its path
     * ({@code secrets}: path → {@code whsec_} secret).
     */
    public static void assertAllVerify(
            List<WebhookReceiver.Received> received, Map<String, String> secrets, Path workDir) {
        Path python = python();
        try {
            Path script = workDir.resolve("verify_webhooks.py");
            try (InputStream in =
                    IndependentVerifier.class.getResourceAsStream("/dev/reflect/notifier/verify_webhooks.py")) {
                Files.write(script, in.readAllBytes());
            }
            List<String> lines = new ArrayList<>();
            for (WebhookReceiver.Received webhook : received) {
                ObjectNode line = Json.mapper().createObjectNode();
                line.put("secret", secrets.get(webhook.path()));
                line.put("id", webhook.webhookId());
                line.put("timestamp", webhook.timestamp());
                line.put("signature", webhook.signature());
                line.put("body", webhook.body());
                line.put("receivedAt", webhook.at().getEpochSecond());
                lines.add(line.toString());
            }
            Path input = Files.write(workDir.resolve("webhooks.jsonl"), lines, StandardCharsets.UTF_8);
            Process process = new ProcessBuilder(python.toString(), script.toString(), input.toString())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(output).isZero();
            assertThat(output.trim()).isEqualTo("verified " + received.size());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path python() {
        Optional<Path> found = Stream.of(
                        System.getenv().getOrDefault("PATH", "").split(":"))
                .map(dir -> Path.of(dir, "python3"))
                .filter(Files::isExecutable)
                .findFirst()
                .or(() -> Optional.of(Path.of("/usr/bin/python3")).filter(Files::isExecutable));
        if (found.isEmpty() && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("python3 is needed to verify signatures independently");
        }
        assumeTrue(found.isPresent(), "python3 is not installed");
        return found.get();
    }
}
