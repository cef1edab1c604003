package dev.reflect.events.validation;

import static dev.reflect.events.EventRules.MAX_BEHAVIORS;
import static dev.reflect.events.EventRules.MAX_BEHAVIOR_COUNT;
import static dev.reflect.events.EventRules.MAX_COPING;
import static dev.reflect.events.EventRules.MAX_DATE_TIME_LENGTH;
import static dev.reflect.events.EventRules.MAX_DISTRESS;
import static dev.reflect.events.EventRules.MAX_NOTE_LENGTH;
import static dev.reflect.events.EventRules.MAX_TRIGGERS;
import static dev.reflect.events.EventRules.MAX_USER_ID_LENGTH;
import static dev.reflect.events.EventRules.MIN_BEHAVIOR_COUNT;
import static dev.reflect.events.EventRules.MIN_DISTRESS;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reflect.events.BehaviorType;
import dev.reflect.events.CheckIn;
import dev.reflect.events.Context;
import dev.reflect.events.CopingStrategy;
import dev.reflect.events.TriggerCategory;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The structural rules of {@code check-in.schema.json}, written out by hand: types, required and
 * unknown fields, enums, ranges, lengths, item counts and unique coping strategies, each reported
 * with the path, precedence and message {@link CompiledSchema} gives the same finding.
 *
 * <p>Why not the schema validator itself: on the ingest hot path it was about a third of the HTTP
 * threads' time, five times what these checks cost. The schema stays the published contract and
 * the reference: {@code CheckInStructureProperties} holds this class to {@link CompiledSchema#CHECK_IN}
 * over generated valid and broken bodies, and a rule added to the schema but not here fails
 * that property. The JSON Schema semantics kept on purpose: lengths count code points, not UTF-16
 * units; a number with no fraction is an integer ({@code 5.0}); {@code null} is a value, so a
 * required field set to null is present but of the wrong type; duplicates are judged by
 * {@link JsonNode#equals} ({@code 1} and {@code 1.0} differ), as the schema validator judges them.
 */
final class CheckInStructure implements StructureRules {

    static final CheckInStructure INSTANCE = new CheckInStructure();

    private static final Set<String> FIELDS = Set.copyOf(CheckIn.FIELDS);
    private static final List<String> REQUIRED = List.of("eventId", "occurredAt", "context", "distress");

    private static final String MUST_BE_STRING = "must be a string";
    private static final String MUST_BE_INTEGER = "must be an integer";
    private static final String MUST_BE_BOOLEAN = "must be true or false";
    private static final String MUST_BE_OBJECT = "must be an object";
    private static final String MUST_BE_ARRAY = "must be an array";
    private static final String UUID_MESSAGE = "must be a UUID";

    private final EnumRule contexts = new EnumRule(Context.values());
    private final EnumRule categories = new EnumRule(TriggerCategory.values());
    private final EnumRule behaviorTypes = new EnumRule(BehaviorType.values());
    private final EnumRule copingStrategies = new EnumRule(CopingStrategy.values());

    private CheckInStructure() {}

    @Override
    public void validate(ObjectNode event, Problems problems) {
        for (Iterator<String> names = event.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                problems.add(
                        List.of(Problems.printableName(name)), Problems.PRESENCE, ValidationMessages.UNKNOWN_FIELD);
            }
        }
        for (String name : REQUIRED) {
            if (!event.has(name)) {
                problems.add(List.of(name), Problems.PRESENCE, ValidationMessages.REQUIRED);
            }
        }
        JsonNode eventId = event.get("eventId");
        if (eventId != null) {
            if (!eventId.isTextual()) {
                problems.add(List.of("eventId"), Problems.TYPE, MUST_BE_STRING);
            } else if (!CompiledSchema.isCanonicalUuid(eventId.textValue())) {
                problems.add(List.of("eventId"), Problems.FORMAT, UUID_MESSAGE);
            }
        }
        string(event.get("occurredAt"), "occurredAt", 0, MAX_DATE_TIME_LENGTH, problems);
        enumValue(event.get("context"), contexts, List.of("context"), problems);
        integer(event.get("distress"), List.of("distress"), MIN_DISTRESS, MAX_DISTRESS, problems);
        triggers(event.get("triggers"), problems);
        behaviors(event.get("behaviors"), problems);
        coping(event.get("coping"), problems);
        string(event.get("note"), "note", 0, MAX_NOTE_LENGTH, problems);
        string(event.get("userId"), "userId", 1, MAX_USER_ID_LENGTH, problems);
        string(event.get("receivedAt"), "receivedAt", 0, MAX_DATE_TIME_LENGTH, problems);
    }

    private void triggers(JsonNode triggers, Problems problems) {
        if (!array(triggers, "triggers", MAX_TRIGGERS, problems)) {
            return;
        }
        for (int i = 0; i < triggers.size(); i++) {
            JsonNode trigger = triggers.get(i);
            if (!object(trigger, "triggers", i, problems)) {
                continue;
            }
            for (Iterator<String> names = trigger.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!"category".equals(name) && !"tiedToPast".equals(name)) {
                    problems.add(
                            List.of("triggers", i, Problems.printableName(name)),
                            Problems.PRESENCE,
                            ValidationMessages.UNKNOWN_FIELD);
                }
            }
            JsonNode category = trigger.get("category");
            if (category == null) {
                problems.add(List.of("triggers", i, "category"), Problems.PRESENCE, ValidationMessages.REQUIRED);
            } else {
                enumValue(category, categories, List.of("triggers", i, "category"), problems);
            }
            JsonNode tiedToPast = trigger.get("tiedToPast");
            if (tiedToPast != null && !tiedToPast.isBoolean()) {
                problems.add(List.of("triggers", i, "tiedToPast"), Problems.TYPE, MUST_BE_BOOLEAN);
            }
        }
    }

    private void behaviors(JsonNode behaviors, Problems problems) {
        if (!array(behaviors, "behaviors", MAX_BEHAVIORS, problems)) {
            return;
        }
        for (int i = 0; i < behaviors.size(); i++) {
            JsonNode behavior = behaviors.get(i);
            if (!object(behavior, "behaviors", i, problems)) {
                continue;
            }
            for (Iterator<String> names = behavior.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!"type".equals(name) && !"count".equals(name)) {
                    problems.add(
                            List.of("behaviors", i, Problems.printableName(name)),
                            Problems.PRESENCE,
                            ValidationMessages.UNKNOWN_FIELD);
                }
            }
            JsonNode type = behavior.get("type");
            if (type == null) {
                problems.add(List.of("behaviors", i, "type"), Problems.PRESENCE, ValidationMessages.REQUIRED);
            } else {
                enumValue(type, behaviorTypes, List.of("behaviors", i, "type"), problems);
            }
            integer(
                    behavior.get("count"),
                    List.of("behaviors", i, "count"),
                    MIN_BEHAVIOR_COUNT,
                    MAX_BEHAVIOR_COUNT,
                    problems);
        }
    }

    private void coping(JsonNode coping, Problems problems) {
        if (!array(coping, "coping", MAX_COPING, problems)) {
            return;
        }
        // Small arrays: a pairwise comparison beats hashing every item.
        boolean duplicates = false;
        for (int i = 0; i < coping.size() && !duplicates; i++) {
            for (int j = i + 1; j < coping.size(); j++) {
                if (coping.get(i).equals(coping.get(j))) {
                    duplicates = true;
                    break;
                }
            }
        }
        if (duplicates) {
            problems.add(List.of("coping"), Problems.UNIQUE, "must not contain duplicates");
        }
        for (int i = 0; i < coping.size(); i++) {
            enumValue(coping.get(i), copingStrategies, List.of("coping", i), problems);
        }
    }

    /** Whether {@code node} is an array whose items should be checked; reports the type and the item count. */
    private static boolean array(JsonNode node, String field, int maxItems, Problems problems) {
        if (node == null) {
            return false;
        }
        if (!node.isArray()) {
            problems.add(List.of(field), Problems.TYPE, MUST_BE_ARRAY);
            return false;
        }
        if (node.size() > maxItems) {
            problems.add(List.of(field), Problems.ITEMS, "must have at most " + maxItems + " items");
        }
        return true;
    }

    private static boolean object(JsonNode item, String field, int index, Problems problems) {
        if (item.isObject()) {
            return true;
        }
        problems.add(List.of(field, index), Problems.TYPE, MUST_BE_OBJECT);
        return false;
    }

    private static void string(JsonNode node, String field, int minLength, int maxLength, Problems problems) {
        if (node == null) {
            return;
        }
        if (!node.isTextual()) {
            problems.add(List.of(field), Problems.TYPE, MUST_BE_STRING);
            return;
        }
        String text = node.textValue();
        // Code points, as JSON Schema counts; the UTF-16 length bounds them from both sides first.
        if (text.length() > maxLength && text.codePointCount(0, text.length()) > maxLength) {
            problems.add(List.of(field), Problems.RANGE, "must be at most " + maxLength + " characters");
        } else if (text.length() < minLength) {
            problems.add(
                    List.of(field),
                    Problems.RANGE,
                    minLength == 1 ? "must not be empty" : "must be at least " + minLength + " characters");
        }
    }

    private static void integer(JsonNode node, List<Object> path, int minimum, int maximum, Problems problems) {
        if (node == null) {
            return;
        }
        boolean inRange;
        if (node.isIntegralNumber()) {
            inRange = node.canConvertToLong()
                    ? node.longValue() >= minimum && node.longValue() <= maximum
                    : isBetween(node.bigIntegerValue(), minimum, maximum);
        } else if (node.isNumber() && isWhole(node.doubleValue())) {
            inRange = node.doubleValue() >= minimum && node.doubleValue() <= maximum;
        } else {
            problems.add(path, Problems.TYPE, MUST_BE_INTEGER);
            return;
        }
        if (!inRange) {
            problems.add(path, Problems.RANGE, "must be between " + minimum + " and " + maximum);
        }
    }

    private static boolean isBetween(BigInteger value, int minimum, int maximum) {
        return value.compareTo(BigInteger.valueOf(minimum)) >= 0 && value.compareTo(BigInteger.valueOf(maximum)) <= 0;
    }

    private static boolean isWhole(double value) {
        return Double.isFinite(value) && value == Math.rint(value);
    }

    private static void enumValue(JsonNode node, EnumRule rule, List<Object> path, Problems problems) {
        if (node != null && !(node.isTextual() && rule.names().contains(node.textValue()))) {
            problems.add(path, Problems.ENUM, rule.message());
        }
    }

    /** The names an enum allows, and the message naming them all in declaration order, as the schema lists them. */
    private record EnumRule(Set<String> names, String message) {

        EnumRule(Enum<?>[] values) {
            this(
                    new HashSet<>(names(values)),
                    names(values).stream().collect(Collectors.joining(", ", "must be one of ", "")));
        }

        private static List<String> names(Enum<?>[] values) {
            return new ArrayList<>(Arrays.stream(values).map(Enum::name).toList());
        }
    }
}
