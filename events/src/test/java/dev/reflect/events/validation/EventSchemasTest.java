package dev.reflect.events.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.reflect.events.Behavior;
import dev.reflect.events.BehaviorType;
import dev.reflect.events.CheckIn;
import dev.reflect.events.Context;
import dev.reflect.events.CopingStrategy;
import dev.reflect.events.EventRules;
import dev.reflect.events.Instrument;
import dev.reflect.events.JournalEntry;
import dev.reflect.events.Json;
import dev.reflect.events.Measure;
import dev.reflect.events.ThoughtRecord;
import dev.reflect.events.Trigger;
import dev.reflect.events.TriggerCategory;
import dev.reflect.events.crypto.TextSealer;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The schema files are the published contract for clients; the contract in code (the records, the
 * enums, {@link EventRules}) is the single source. The schemas must be sound and state exactly
 * what the code defines.
 */
class EventSchemasTest {

    @ParameterizedTest
    @ValueSource(strings = {EventSchemas.CHECK_IN, EventSchemas.JOURNAL_ENTRY, EventSchemas.MEASURE})
    void eachSchemaIsAValidDraft202012Schema(String resource) throws IOException {
        Schema metaSchema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(SchemaLocation.of(SpecificationVersion.DRAFT_2020_12.getDialectId()));

        JsonNode schema = load(resource);

        assertThat(metaSchema.validate(Json.mapper().readTree("{\"type\": 5, \"maxItems\": -1}")))
                .as("the meta-schema is really in force")
                .isNotEmpty();
        assertThat(schema.path("$schema").asText()).isEqualTo(SpecificationVersion.DRAFT_2020_12.getDialectId());
        assertThat(metaSchema.validate(schema)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {EventSchemas.CHECK_IN, EventSchemas.JOURNAL_ENTRY, EventSchemas.MEASURE})
    void everyObjectRejectsUnknownFields(String resource) throws IOException {
        List<String> open = new ArrayList<>();
        walk(load(resource), "#", (path, node) -> {
            if (node.has("properties") && !node.path("additionalProperties").isBoolean() && !path.contains("/anyOf/")) {
                open.add(path);
            }
            if (node.has("additionalProperties")
                    && node.get("additionalProperties").asBoolean(true)) {
                open.add(path);
            }
        });

        assertThat(open).isEmpty();
    }

    @Test
    void theEnumsAreTheContractsVocabulary() throws IOException {
        JsonNode checkIn = load(EventSchemas.CHECK_IN);

        assertThat(names(checkIn.at("/properties/context/enum"))).isEqualTo(names(Context.values()));
        assertThat(names(checkIn.at("/$defs/trigger/properties/category/enum")))
                .isEqualTo(names(TriggerCategory.values()));
        assertThat(names(checkIn.at("/$defs/behavior/properties/type/enum"))).isEqualTo(names(BehaviorType.values()));
        assertThat(names(checkIn.at("/properties/coping/items/enum"))).isEqualTo(names(CopingStrategy.values()));
        assertThat(names(load(EventSchemas.MEASURE).at("/properties/instrument/enum")))
                .isEqualTo(names(Instrument.values()));
    }

    /**
     * Every number the schemas state is the one in {@link EventRules}, the single source: a limit
     * changed in Java and not in the published schema (or the other way round) fails here.
     */
    @Test
    void everyLimitIsTheOneInEventRules() throws IOException {
        JsonNode checkIn = load(EventSchemas.CHECK_IN);
        JsonNode journal = load(EventSchemas.JOURNAL_ENTRY);
        Map<String, Integer> checkInLimits = new LinkedHashMap<>(sharedLimits());
        checkInLimits.put("/properties/distress/minimum", EventRules.MIN_DISTRESS);
        checkInLimits.put("/properties/distress/maximum", EventRules.MAX_DISTRESS);
        checkInLimits.put("/properties/triggers/maxItems", EventRules.MAX_TRIGGERS);
        checkInLimits.put("/properties/behaviors/maxItems", EventRules.MAX_BEHAVIORS);
        checkInLimits.put("/$defs/behavior/properties/count/minimum", EventRules.MIN_BEHAVIOR_COUNT);
        checkInLimits.put("/$defs/behavior/properties/count/maximum", EventRules.MAX_BEHAVIOR_COUNT);
        checkInLimits.put("/$defs/behavior/properties/count/default", Behavior.DEFAULT_COUNT);
        checkInLimits.put("/properties/coping/maxItems", EventRules.MAX_COPING);
        checkInLimits.put("/properties/note/maxLength", EventRules.MAX_NOTE_LENGTH);
        Map<String, Integer> journalLimits = new LinkedHashMap<>(sharedLimits());
        journalLimits.put("/properties/text/maxLength", EventRules.MAX_JOURNAL_TEXT_LENGTH);
        for (String field : List.of("automaticThought", "evidenceFor", "evidenceAgainst", "balancedThought")) {
            journalLimits.put("/$defs/thoughtRecord/properties/" + field + "/maxLength", EventRules.MAX_THOUGHT_LENGTH);
        }
        journalLimits.put("/$defs/thoughtRecord/properties/automaticThought/minLength", 1);
        for (String field : List.of("beliefBefore", "beliefAfter")) {
            journalLimits.put("/$defs/thoughtRecord/properties/" + field + "/minimum", EventRules.MIN_BELIEF);
            journalLimits.put("/$defs/thoughtRecord/properties/" + field + "/maximum", EventRules.MAX_BELIEF);
        }

        JsonNode measure = load(EventSchemas.MEASURE);
        Map<String, Integer> measureLimits = new LinkedHashMap<>(sharedLimits());
        measureLimits.put("/properties/items/minItems", EventRules.GAD7_ITEMS);
        measureLimits.put("/properties/items/maxItems", EventRules.GAD7_ITEMS);
        measureLimits.put("/properties/items/items/minimum", EventRules.MIN_GAD7_ANSWER);
        measureLimits.put("/properties/items/items/maximum", EventRules.MAX_GAD7_ANSWER);
        assertThat(numbersAt(measure, measureLimits.keySet())).isEqualTo(measureLimits);
        assertThat(numbersIn(measure))
                .as("every number in the measure schema is checked above")
                .containsExactlyInAnyOrderElementsOf(measureLimits.keySet());
        assertThat(Instrument.GAD7.items()).isEqualTo(EventRules.GAD7_ITEMS);

        assertThat(numbersAt(checkIn, checkInLimits.keySet())).isEqualTo(checkInLimits);
        assertThat(numbersAt(journal, journalLimits.keySet())).isEqualTo(journalLimits);
        assertThat(numbersIn(checkIn))
                .as("every number in the check-in schema is checked above")
                .containsExactlyInAnyOrderElementsOf(checkInLimits.keySet());
        assertThat(numbersIn(journal))
                .as("every number in the journal schema is checked above")
                .containsExactlyInAnyOrderElementsOf(journalLimits.keySet());
    }

    /** The schemas' fields are the records' components: adding a field to one and not the other fails. */
    @Test
    void theFieldsAreTheRecordsComponents() throws IOException {
        JsonNode checkIn = load(EventSchemas.CHECK_IN);
        JsonNode journal = load(EventSchemas.JOURNAL_ENTRY);

        assertThat(fieldNames(checkIn.get("properties"))).isEqualTo(components(CheckIn.class));
        assertThat(fieldNames(checkIn.at("/$defs/trigger/properties"))).isEqualTo(components(Trigger.class));
        assertThat(fieldNames(checkIn.at("/$defs/behavior/properties"))).isEqualTo(components(Behavior.class));
        assertThat(fieldNames(journal.get("properties"))).isEqualTo(components(JournalEntry.class));
        assertThat(fieldNames(journal.at("/$defs/thoughtRecord/properties")))
                .isEqualTo(components(ThoughtRecord.class));
        assertThat(fieldNames(load(EventSchemas.MEASURE).get("properties"))).isEqualTo(components(Measure.class));
    }

    private static Map<String, Integer> sharedLimits() {
        Map<String, Integer> limits = new LinkedHashMap<>();
        limits.put("/properties/eventId/minLength", EventRules.UUID_LENGTH);
        limits.put("/properties/eventId/maxLength", EventRules.UUID_LENGTH);
        limits.put("/properties/occurredAt/maxLength", EventRules.MAX_DATE_TIME_LENGTH);
        limits.put("/properties/receivedAt/maxLength", EventRules.MAX_DATE_TIME_LENGTH);
        limits.put("/properties/userId/minLength", 1);
        limits.put("/properties/userId/maxLength", EventRules.MAX_USER_ID_LENGTH);
        return limits;
    }

    private static Map<String, Integer> numbersAt(JsonNode schema, Iterable<String> pointers) {
        Map<String, Integer> found = new LinkedHashMap<>();
        for (String pointer : pointers) {
            JsonNode value = schema.at(pointer);
            found.put(pointer, value.isInt() ? value.intValue() : null);
        }
        return found;
    }

    /** The pointer of every number in the schema (limits and defaults), wherever it is. */
    private static Set<String> numbersIn(JsonNode schema) {
        Set<String> pointers = new LinkedHashSet<>();
        walk(
                schema,
                "",
                (path, object) -> object.properties().forEach(entry -> {
                    if (entry.getValue().isNumber()) {
                        pointers.add(path + "/" + entry.getKey());
                    }
                }));
        return pointers;
    }

    private static Set<String> fieldNames(JsonNode properties) {
        Set<String> names = new LinkedHashSet<>();
        properties.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /**
     * The components a client's body may have: all but {@code sealed}, which is how a stored
     * record carries its texts (TextSealer) and which the schema, describing client bodies, refuses.
     */
    private static Set<String> components(Class<? extends Record> record) {
        Set<String> names = new LinkedHashSet<>();
        for (RecordComponent component : record.getRecordComponents()) {
            if (!component.getName().equals(TextSealer.SEALED)) {
                names.add(component.getName());
            }
        }
        return names;
    }

    @Test
    void theSharedFieldsAreDefinedAlikeInBothSchemas() throws IOException {
        JsonNode checkIn = load(EventSchemas.CHECK_IN).get("properties");
        for (String other : List.of(EventSchemas.JOURNAL_ENTRY, EventSchemas.MEASURE)) {
            JsonNode properties = load(other).get("properties");
            for (String field : List.of("eventId", "userId", "receivedAt")) {
                assertThat(properties.get(field)).as(other + " " + field).isEqualTo(checkIn.get(field));
            }
            assertThat(properties.at("/occurredAt/type")).isEqualTo(checkIn.at("/occurredAt/type"));
            assertThat(properties.at("/occurredAt/format")).isEqualTo(checkIn.at("/occurredAt/format"));
            assertThat(properties.at("/occurredAt/maxLength")).isEqualTo(checkIn.at("/occurredAt/maxLength"));
        }
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(n -> names.add(n.asText()));
        return names;
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }

    private static void walk(JsonNode node, String path, BiConsumer<String, JsonNode> visitor) {
        if (node.isObject()) {
            visitor.accept(path, node);
            node.properties().forEach(e -> walk(e.getValue(), path + "/" + e.getKey(), visitor));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "/" + i, visitor);
            }
        }
    }

    static JsonNode load(String resource) throws IOException {
        try (InputStream in = EventSchemasTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return Json.mapper().readTree(in);
        }
    }
}
