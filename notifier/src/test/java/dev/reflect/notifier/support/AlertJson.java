package dev.reflect.notifier.support;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reflect.events.EscalationLevel;
import dev.reflect.events.Json;
import dev.reflect.events.serde.JsonSerde;
import dev.reflect.notifier.webhook.AlertNotice;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * An alert record as the streams app writes it to {@code reflect.alerts.v1} (contract section 4,
 * with section 8's {@code notify}), built as JSON rather than through {@code dev.reflect.events.Alert}:
 * the notifier's tests hold it to the wire format, whatever the Java record's components are called.
 * It carries a message and the observed figures, as real alerts do, so that tests can show they
 * never reach a webhook.
 */
public record AlertJson(
        UUID alertId,
        String userId,
        EscalationLevel level,
        EscalationLevel previousLevel,
        String rule,
        String day,
        String message,
        List<String> clinicians) {

    /** A HIGH (from ELEVATED) device-checking alert of 2026-12-03 for {@code userId}, naming {@code notify}. */
    public static AlertJson of(String userId, String... clinicians) {
        return new AlertJson(
                UUID.randomUUID(),
                userId,
                EscalationLevel.HIGH,
                EscalationLevel.ELEVATED,
                "device_checking",
                "2026-12-03",
                "Device checks in the last 7 days: 3.",
                List.of(clinicians));
    }

    public AlertJson withLevels(EscalationLevel level, EscalationLevel previousLevel) {
        return new AlertJson(alertId, userId, level, previousLevel, rule, day, message, clinicians);
    }

    public AlertJson withRule(String rule, String message) {
        return new AlertJson(alertId, userId, level, previousLevel, rule, day, message, clinicians);
    }

    public AlertJson withAlertId(UUID alertId) {
        return new AlertJson(alertId, userId, level, previousLevel, rule, day, message, clinicians);
    }

    public AlertJson withDay(String day) {
        return new AlertJson(alertId, userId, level, previousLevel, rule, day, message, clinicians);
    }

    /** The record's JSON; {@code notify} is left out when empty, as on records written before it existed. */
    public String json() {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("alertId", alertId.toString());
        node.put("userId", userId);
        node.put("level", level.name());
        node.put("previousLevel", previousLevel.name());
        node.put("rule", rule);
        node.put("day", day);
        ObjectNode observed = node.putObject("observed");
        observed.put("reassuranceAsks7d", 9);
        observed.put("baselineWeeklyAsks", 3.0);
        observed.put("deviceChecks7d", 3);
        observed.put("controlling7d", 0);
        observed.put("triggers7d", 6);
        node.put("message", message);
        if (!clinicians.isEmpty()) {
            clinicians.forEach(node.putArray("notify")::add);
        }
        return node.toString();
    }

    public byte[] bytes() {
        return json().getBytes(StandardCharsets.UTF_8);
    }

    /** What the notifier reads of it, through the notifier's own deserializer. */
    public AlertNotice read() {
        return new JsonSerde<>(AlertNotice.class).deserializer().deserialize("reflect.alerts.v1", bytes());
    }
}
