package dev.reflect.notifier.support;

import dev.reflect.events.EscalationLevel;
import dev.reflect.events.Json;
import dev.reflect.events.Topics;
import dev.reflect.notifier.endpoint.ClinicianEndpoints;
import dev.reflect.service.privacy.Pseudonym;
import dev.reflect.testkit.TestRecords;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What a notifier integration test sets up: clinicians with endpoints on a {@link WebhookReceiver}
 * (each under its own path, with its own secret), the settings of a notifier of its own (its own
 * application id, so it reads the shared alerts topic as a new group), and alerts written where
 * the streams app writes them.
 */
public final class Scenario {

    public static final String PSEUDONYM_SECRET = "notifier-it-pseudonym-secret-0123456789abcdef";

    private final String bootstrapServers;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final Map<String, String> urls = new LinkedHashMap<>();
    private final Map<String, String> secrets = new LinkedHashMap<>();
    private final Map<UUID, Long> raisedAt = new ConcurrentHashMap<>();

    public Scenario(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** A clinician id unique to this run. */
    public String clinician(String name) {
        return name + "-" + run;
    }

    /** {@code clinician} takes webhooks at {@code url}; returns its path on the receiver, when it is one. */
    public Scenario endpoint(String clinician, String url) {
        urls.put(clinician, url);
        secrets.put(clinician, TestEndpoints.secret());
        return this;
    }

    public String secret(String clinician) {
        return secrets.get(clinician);
    }

    /** The endpoints file, as an operator writes it. */
    public Path writeEndpoints(Path dir) {
        Map<String, Object> endpoints = new LinkedHashMap<>();
        urls.forEach(
                (clinician, url) -> endpoints.put(clinician, Map.of("url", url, "secret", secrets.get(clinician))));
        try {
            return Files.write(
                    dir.resolve("endpoints-" + run + ".json"),
                    Json.mapper().writeValueAsBytes(Map.of("endpoints", endpoints)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The notifier's settings: its own group and state, fast retries, a short attempt timeout. */
    public Map<String, String> settings(Path stateDir, Path endpointsFile, String attemptTimeoutMs) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("REFLECT_BOOTSTRAP_SERVERS", bootstrapServers);
        settings.put("REFLECT_NOTIFIER_PORT", "0");
        settings.put("REFLECT_NOTIFIER_HOST", "127.0.0.1");
        settings.put("REFLECT_NOTIFIER_APPLICATION_ID", "notifier-it-" + run);
        settings.put("REFLECT_NOTIFIER_STATE_DIR", stateDir.toString());
        settings.put(ClinicianEndpoints.VARIABLE, endpointsFile.toString());
        settings.put(Pseudonym.SECRET_VARIABLE, PSEUDONYM_SECRET);
        settings.put("REFLECT_NOTIFIER_RETRY_INITIAL_MS", "200");
        settings.put("REFLECT_NOTIFIER_RETRY_MAX_MS", "1000");
        settings.put("REFLECT_NOTIFIER_ATTEMPT_TIMEOUT_MS", attemptTimeoutMs);
        settings.put("REFLECT_NOTIFIER_CASELOAD_URL", "https://reflect.example.org/");
        return settings;
    }

    /** A SEVERE (from HIGH) controlling alert for {@code userId}, naming {@code clinicians}. */
    public static AlertJson alert(String userId, List<String> clinicians) {
        return AlertJson.of(userId, clinicians.toArray(String[]::new))
                .withLevels(EscalationLevel.SEVERE, EscalationLevel.HIGH)
                .withRule("controlling", "Controlling behaviour in the last 7 days.");
    }

    /**
     * Writes {@code alerts} to the alerts topic as JSON, keyed by their userId, and returns once
     * written. An alert written again gets the record timestamp it had the first time, as a replay
     * (or the streams app writing it again from the same input) gives it.
     */
    public void write(List<AlertJson> alerts) {
        TestRecords.produceAll(
                bootstrapServers,
                new StringSerializer(),
                new StringSerializer(),
                alerts.stream()
                        .map(alert -> new ProducerRecord<>(
                                Topics.ALERTS.name(),
                                null,
                                raisedAt.computeIfAbsent(alert.alertId(), id -> System.currentTimeMillis()),
                                alert.userId(),
                                alert.json()))
                        .toList());
    }

    /** A user id unique to this run. */
    public String user(int n) {
        return "u-" + run + "-" + n;
    }

    public static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
