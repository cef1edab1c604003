package dev.reflect.notifier.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reflect.events.Json;
import dev.reflect.notifier.support.AlertJson;
import dev.reflect.service.privacy.Pseudonym;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class NotificationPayloadTest {

    private static final Identities IDS = new Identities(
            Pseudonym.withSecret("payload-test-pseudonym-secret-0123456789".getBytes(StandardCharsets.UTF_8)));
    private static final Instant RAISED = Instant.parse("2026-12-04T10:15:30Z");

    @Test
    void carriesTheLevelChangeAReferenceAndTheLinkAndNothingElse() throws Exception {
        AlertNotice alert = alert(
                        "u-42", "Reassurance requests in the last 7 days (9) are 3.0x the usual weekly level.")
                .read();

        String json = NotificationPayload.of(
                        alert,
                        IDS.person("c-1", alert.userId()),
                        Optional.of(URI.create("https://reflect.example.org/")),
                        RAISED)
                .toJson();

        assertThat(json)
                .isEqualTo("{\"type\":\"escalation.changed\",\"timestamp\":\"2026-12-04T10:15:30Z\",\"data\":{"
                        + "\"person\":\"" + IDS.person("c-1", "u-42") + "\",\"level\":\"HIGH\","
                        + "\"previousLevel\":\"ELEVATED\",\"rule\":\"device_checking\",\"day\":\"2026-11-26\","
                        + "\"caseload\":\"https://reflect.example.org/\"}}");
        assertThat(NotificationPayload.of(alert, "p", Optional.empty(), RAISED).toJson())
                .doesNotContain("caseload");
    }

    @Test
    void neverCarriesTheUserIdTheAlertIdTheMessageOrTheFiguresWhateverTheyHold() throws Exception {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        for (int i = 0; i < 500; i++) {
            String userId = "u-" + Long.toHexString(random.nextLong());
            String message = "felt " + Long.toHexString(random.nextLong()) + " about the phone";
            AlertJson written = alert(userId, message);
            assertThat(written.json()).as("the record holds them").contains(userId, message, "observed");
            AlertNotice alert = written.read();

            String json = NotificationPayload.of(alert, IDS.person("c-1", userId), Optional.empty(), RAISED)
                    .toJson();

            assertThat(json)
                    .as("seed %d", seed)
                    .doesNotContain(userId)
                    .doesNotContain(alert.alertId().toString())
                    .doesNotContain(message)
                    .doesNotContain("observed")
                    .doesNotContain("c-1");
            JsonNode data = Json.mapper().readTree(json).path("data");
            List<String> fields = new ArrayList<>();
            data.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).containsExactly("person", "level", "previousLevel", "rule", "day");
        }
    }

    @Test
    void theWebhookIdIsStablePerAlertAndClinicianAndOtherwiseDistinct() {
        UUID alert = UUID.fromString("3c1f9a2e-8b7d-4e6f-a5c4-1b2a3d4e5f60");

        assertThat(IDS.webhookId(alert, "c-1"))
                .isEqualTo(IDS.webhookId(alert, "c-1"))
                .matches("msg_[0-9a-f]{32}")
                .isNotEqualTo(IDS.webhookId(alert, "c-2"))
                .isNotEqualTo(IDS.webhookId(UUID.randomUUID(), "c-1"))
                .doesNotContain(".");
        assertThat(IDS.person("c-1", "u-42")).isNotEqualTo(IDS.person("c-2", "u-42"));
    }

    private static AlertJson alert(String userId, String message) {
        return AlertJson.of(userId, "c-1")
                .withAlertId(UUID.nameUUIDFromBytes(userId.getBytes(StandardCharsets.UTF_8)))
                .withRule("device_checking", message)
                .withDay("2026-11-26");
    }
}
