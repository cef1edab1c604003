package dev.reflect.producer.support;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** Request bodies as clients send them, valid against the real clock unless said otherwise. */
public final class Bodies {

    private Bodies() {}

    public static String recently() {
        return OffsetDateTime.now(ZoneOffset.ofHours(1))
                .minusHours(1)
                .truncatedTo(ChronoUnit.SECONDS)
                .toString();
    }

    public static String checkIn(UUID eventId) {
        return checkIn(eventId, "I asked three times if we were fine");
    }

    public static String checkIn(UUID eventId, String note) {
        return """
                {
                  "eventId": "%s",
                  "occurredAt": "%s",
                  "context": "ROMANTIC",
                  "distress": 7,
                  "triggers": [{"category": "PARTNER_UNRESPONSIVE", "tiedToPast": true}],
                  "behaviors": [{"type": "SOUGHT_REASSURANCE", "count": 3}, {"type": "CHECKED_DEVICE"}],
                  "coping": ["CHALLENGED_THOUGHT"],
                  "note": "%s"
                }""".formatted(eventId, recently(), note);
    }

    public static String journalEntry(UUID eventId) {
        return """
                {
                  "eventId": "%s",
                  "occurredAt": "%s",
                  "text": "Wrote down what happened before I spiralled",
                  "thoughtRecord": {
                    "automaticThought": "They didn't answer, so they must be with someone else",
                    "evidenceFor": "a late reply",
                    "evidenceAgainst": "they said they had a meeting",
                    "balancedThought": "a late reply is not a betrayal",
                    "beliefBefore": 80, "beliefAfter": 35
                  }
                }""".formatted(eventId, recently());
    }

    /** A GAD-7 answered an hour ago: score 11 (moderate). */
    public static String measure(UUID eventId) {
        return measure(eventId, "[2, 3, 2, 1, 0, 1, 2]");
    }

    public static String measure(UUID eventId, String items) {
        return """
                {
                  "eventId": "%s",
                  "occurredAt": "%s",
                  "instrument": "GAD7",
                  "items": %s
                }""".formatted(eventId, recently(), items);
    }

    public static String batch(String... items) {
        return "{\"checkIns\":[" + String.join(",", items) + "]}";
    }
}
