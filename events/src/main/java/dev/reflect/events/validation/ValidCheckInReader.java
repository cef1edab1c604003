package dev.reflect.events.validation;

import static dev.reflect.events.EventRules.MAX_BEHAVIORS;
import static dev.reflect.events.EventRules.MAX_BEHAVIOR_COUNT;
import static dev.reflect.events.EventRules.MAX_COPING;
import static dev.reflect.events.EventRules.MAX_DATE_TIME_LENGTH;
import static dev.reflect.events.EventRules.MAX_DISTRESS;
import static dev.reflect.events.EventRules.MAX_NOTE_LENGTH;
import static dev.reflect.events.EventRules.MAX_TRIGGERS;
import static dev.reflect.events.EventRules.MIN_BEHAVIOR_COUNT;
import static dev.reflect.events.EventRules.MIN_DISTRESS;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.reflect.events.Behavior;
import dev.reflect.events.BehaviorType;
import dev.reflect.events.CheckIn;
import dev.reflect.events.Context;
import dev.reflect.events.CopingStrategy;
import dev.reflect.events.EventRules;
import dev.reflect.events.Trigger;
import dev.reflect.events.TriggerCategory;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reads a client's check-in straight from the token stream into a {@link CheckIn}, without a
 * tree, when it is plainly valid: known fields once each, the right token types, known enum
 * names, numbers as plain integers in range, a canonical UUID, a date-time in its common form
 * inside the window, no userId or receivedAt. At the first thing that is not plainly valid it
 * stops and says "not sure" (null), and the tree-based parser judges the body, so every error
 * still comes from one place, worded as before.
 *
 * <p>Why: building a Jackson tree per check-in and looking fields up in it was about a third of
 * batch ingest's HTTP time once validation and writing were cheap. {@code CheckInStructureProperties}
 * holds this reader to the tree path: whatever it returns is exactly the tree path's value.
 */
final class ValidCheckInReader {

    private static final Map<String, Context> CONTEXTS = byName(Context.values());
    private static final Map<String, TriggerCategory> CATEGORIES = byName(TriggerCategory.values());
    private static final Map<String, BehaviorType> BEHAVIOR_TYPES = byName(BehaviorType.values());
    private static final Map<String, CopingStrategy> COPING = byName(CopingStrategy.values());

    private ValidCheckInReader() {}

    /**
     * The check-in whose {@code START_OBJECT} is the parser's current token, if it is plainly
     * valid from a client at {@code now}; null otherwise. Either way the parser is left wherever
     * reading stopped, inside or after the object: callers that go on must skip to its end.
     */
    static CheckIn read(JsonParser p, Instant now) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            return null;
        }
        UUID eventId = null;
        OffsetDateTime occurredAt = null;
        Context context = null;
        int distress = -1;
        List<Trigger> triggers = null;
        List<Behavior> behaviors = null;
        List<CopingStrategy> coping = null;
        String note = null;
        boolean hasNote = false;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            switch (name) {
                case "eventId" -> {
                    if (eventId != null || value != JsonToken.VALUE_STRING) {
                        return null;
                    }
                    String text = p.getText();
                    if (!CompiledSchema.isCanonicalUuid(text)) {
                        return null;
                    }
                    eventId = UUID.fromString(text);
                }
                case "occurredAt" -> {
                    if (occurredAt != null || value != JsonToken.VALUE_STRING) {
                        return null;
                    }
                    occurredAt = occurredAt(p.getText(), now);
                    if (occurredAt == null) {
                        return null;
                    }
                }
                case "context" -> {
                    if (context != null || value != JsonToken.VALUE_STRING) {
                        return null;
                    }
                    context = CONTEXTS.get(p.getText());
                    if (context == null) {
                        return null;
                    }
                }
                case "distress" -> {
                    if (distress >= 0) {
                        return null;
                    }
                    distress = smallInt(p, value, MIN_DISTRESS, MAX_DISTRESS);
                    if (distress < 0) {
                        return null;
                    }
                }
                case "triggers" -> {
                    if (triggers != null || value != JsonToken.START_ARRAY || (triggers = triggers(p)) == null) {
                        return null;
                    }
                }
                case "behaviors" -> {
                    if (behaviors != null || value != JsonToken.START_ARRAY || (behaviors = behaviors(p)) == null) {
                        return null;
                    }
                }
                case "coping" -> {
                    if (coping != null || value != JsonToken.START_ARRAY || (coping = coping(p)) == null) {
                        return null;
                    }
                }
                case "note" -> {
                    // Longer than the limit in UTF-16 units may still fit in code points: the tree path counts.
                    if (hasNote || value != JsonToken.VALUE_STRING || p.getTextLength() > MAX_NOTE_LENGTH) {
                        return null;
                    }
                    note = p.getText();
                    hasNote = true;
                }
                default -> {
                    // userId (which must match the token), receivedAt (refused), unknown fields.
                    return null;
                }
            }
        }
        if (eventId == null || occurredAt == null || context == null || distress < 0) {
            return null;
        }
        return new CheckIn(eventId, occurredAt, context, distress, triggers, behaviors, coping, note, null, null);
    }

    private static OffsetDateTime occurredAt(String text, Instant now) {
        if (text.length() > MAX_DATE_TIME_LENGTH) {
            return null;
        }
        OffsetDateTime parsed = OffsetDateTimes.parseCommonForm(text);
        if (parsed == null) {
            return null;
        }
        Instant instant = parsed.toInstant();
        if (!EventParser.isWithinEpoch(instant)
                || EventRules.isTooFarAhead(instant, now)
                || EventRules.isTooOld(instant, now)) {
            return null;
        }
        return parsed;
    }

    /** A plain JSON integer within the bounds, or -1. */
    private static int smallInt(JsonParser p, JsonToken value, int minimum, int maximum) throws IOException {
        if (value != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
            return -1;
        }
        int number = p.getIntValue();
        return number >= minimum && number <= maximum ? number : -1;
    }

    private static List<Trigger> triggers(JsonParser p) throws IOException {
        List<Trigger> triggers = new ArrayList<>(4);
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.START_OBJECT || triggers.size() == MAX_TRIGGERS) {
                return null;
            }
            TriggerCategory category = null;
            Boolean tiedToPast = null;
            for (JsonToken f = p.nextToken(); f != JsonToken.END_OBJECT; f = p.nextToken()) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("category".equals(name) && category == null && value == JsonToken.VALUE_STRING) {
                    category = CATEGORIES.get(p.getText());
                    if (category == null) {
                        return null;
                    }
                } else if ("tiedToPast".equals(name) && tiedToPast == null && value.isBoolean()) {
                    tiedToPast = value == JsonToken.VALUE_TRUE;
                } else {
                    return null;
                }
            }
            if (category == null) {
                return null;
            }
            triggers.add(new Trigger(category, tiedToPast != null && tiedToPast));
        }
        return triggers;
    }

    private static List<Behavior> behaviors(JsonParser p) throws IOException {
        List<Behavior> behaviors = new ArrayList<>(4);
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.START_OBJECT || behaviors.size() == MAX_BEHAVIORS) {
                return null;
            }
            BehaviorType type = null;
            int count = 0;
            for (JsonToken f = p.nextToken(); f != JsonToken.END_OBJECT; f = p.nextToken()) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("type".equals(name) && type == null && value == JsonToken.VALUE_STRING) {
                    type = BEHAVIOR_TYPES.get(p.getText());
                    if (type == null) {
                        return null;
                    }
                } else if ("count".equals(name) && count == 0) {
                    count = smallInt(p, value, MIN_BEHAVIOR_COUNT, MAX_BEHAVIOR_COUNT);
                    if (count < 0) {
                        return null;
                    }
                } else {
                    return null;
                }
            }
            if (type == null) {
                return null;
            }
            behaviors.add(Behavior.of(type, count == 0 ? null : count));
        }
        return behaviors;
    }

    private static List<CopingStrategy> coping(JsonParser p) throws IOException {
        List<CopingStrategy> coping = new ArrayList<>(4);
        boolean[] seen = new boolean[CopingStrategy.values().length];
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.VALUE_STRING || coping.size() == MAX_COPING) {
                return null;
            }
            CopingStrategy strategy = COPING.get(p.getText());
            if (strategy == null || seen[strategy.ordinal()]) {
                return null;
            }
            seen[strategy.ordinal()] = true;
            coping.add(strategy);
        }
        return coping;
    }

    private static <E extends Enum<E>> Map<String, E> byName(E[] values) {
        Map<String, E> map = new HashMap<>();
        Arrays.stream(values).forEach(v -> map.put(v.name(), v));
        return Map.copyOf(map);
    }
}
