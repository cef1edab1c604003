package dev.reflect.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reflect.events.validation.EventParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Fresh sample bodies for each test: the contract's own examples, so the tests read like the spec. */
public final class Samples {

    /** Just after the contract's examples happened (21:14+01:00 is 20:14Z, 22:00+01:00 is 21:00Z). */
    public static final Instant NOW = Instant.parse("2026-11-26T21:10:00Z");

    public static final String CONTRACT_CHECK_IN = """
            {
              "eventId": "0b6f6f5e-6a43-4c4e-9a8e-1d2f3a4b5c6d",
              "occurredAt": "2026-11-26T21:14:00+01:00",
              "context": "ROMANTIC",
              "distress": 7,
              "triggers": [{"category": "PARTNER_UNRESPONSIVE", "tiedToPast": true}],
              "behaviors": [{"type": "SOUGHT_REASSURANCE", "count": 3}, {"type": "CHECKED_DEVICE"}],
              "coping": ["CHALLENGED_THOUGHT"],
              "note": "optional, at most 2000 characters"
            }
            """;

    /** The contract's journal example, with a real UUID for its "…uuid…" placeholder. */
    public static final String CONTRACT_JOURNAL_ENTRY = """
            {
              "eventId": "7d1c0a52-3f0e-4b7a-9a55-2b8f1c6e4d90",
              "occurredAt": "2026-11-26T22:00:00+01:00",
              "text": "at most 10000 characters",
              "thoughtRecord": {
                "automaticThought": "They didn't answer, so they must be with someone else",
                "evidenceFor": "…", "evidenceAgainst": "…", "balancedThought": "…",
                "beliefBefore": 80, "beliefAfter": 35
              }
            }
            """;

    /** The contract's GAD-7 example (section 10), answered the morning after the check-in: score 11. */
    public static final String CONTRACT_MEASURE = """
            {
              "eventId": "5a0c8e1f-2b3d-4c5e-8f9a-0b1c2d3e4f50",
              "occurredAt": "2026-11-26T21:30:00+01:00",
              "instrument": "GAD7",
              "items": [2, 3, 2, 1, 0, 1, 2]
            }
            """;

    private Samples() {}

    public static Clock clock() {
        return Clock.fixed(NOW, ZoneOffset.UTC);
    }

    public static EventParser parser() {
        return new EventParser(clock());
    }

    public static ObjectNode checkIn() {
        return object(CONTRACT_CHECK_IN);
    }

    public static ObjectNode journalEntry() {
        return object(CONTRACT_JOURNAL_ENTRY);
    }

    public static ObjectNode measure() {
        return object(CONTRACT_MEASURE);
    }

    public static ObjectNode storedMeasure() {
        ObjectNode stored = measure();
        stored.put("userId", "u-123");
        stored.put("receivedAt", "2026-11-26T20:30:02Z");
        return stored;
    }

    /** The check-in as the ingest service writes it to the topic. */
    public static ObjectNode storedCheckIn() {
        ObjectNode stored = checkIn();
        stored.put("userId", "u-123");
        stored.put("receivedAt", "2026-11-26T20:14:05.120Z");
        return stored;
    }

    public static ObjectNode storedJournalEntry() {
        ObjectNode stored = journalEntry();
        stored.put("userId", "u-123");
        stored.put("receivedAt", "2026-11-26T21:00:01Z");
        return stored;
    }

    public static ObjectNode object(String json) {
        try {
            return (ObjectNode) Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] bytes(JsonNode node) {
        try {
            return Json.mapper().writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
