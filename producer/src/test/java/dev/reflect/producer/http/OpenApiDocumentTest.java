package dev.reflect.producer.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.reflect.events.Behavior;
import dev.reflect.events.BehaviorType;
import dev.reflect.events.Context;
import dev.reflect.events.CopingStrategy;
import dev.reflect.events.EventRules;
import dev.reflect.events.Instrument;
import dev.reflect.events.TriggerCategory;
import dev.reflect.producer.IngestApp;
import dev.reflect.producer.support.InMemoryEventPublisher;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The OpenAPI document must describe exactly the routes the app serves, and the contract's vocabulary. */
class OpenApiDocumentTest {

    private static final Set<String> HTTP_METHODS =
            Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    private static JsonNode document;

    @BeforeAll
    static void read() throws IOException {
        try (InputStream in = OpenApiDocumentTest.class.getResourceAsStream("/openapi/ingest-api.yaml")) {
            assertThat(in).as("openapi/ingest-api.yaml on the classpath").isNotNull();
            document = new YAMLMapper().readTree(in);
        }
    }

    private static Set<String> documentedOperations() {
        Set<String> operations = new TreeSet<>();
        for (Iterator<String> paths = document.get("paths").fieldNames(); paths.hasNext(); ) {
            String path = paths.next();
            document.get("paths").get(path).fieldNames().forEachRemaining(method -> {
                if (HTTP_METHODS.contains(method)) {
                    operations.add(method.toUpperCase(Locale.ROOT) + " " + path);
                }
            });
        }
        return operations;
    }

    @Test
    void describesExactlyTheRoutesTheAppServes() {
        IngestApp app =
                IngestApp.create(IngestHttpTest.config(), new InMemoryEventPublisher(), () -> true, Clock.systemUTC());
        try {
            app.start();

            assertThat(app.routes()).isNotEmpty();
            assertThat(documentedOperations()).isEqualTo(new TreeSet<>(app.routes()));
        } finally {
            app.stop();
        }
    }

    @Test
    void isOpenApi31WithBearerAuthOnTheIngestRoutes() {
        assertThat(document.get("openapi").asText()).startsWith("3.1.");
        assertThat(document.at("/components/securitySchemes/bearerAuth/scheme").asText())
                .isEqualTo("bearer");
        for (String path : List.of("/v1/check-ins", "/v1/journal-entries", "/v1/check-ins/batch", "/v1/measures")) {
            JsonNode operation = document.at("/paths/" + path.replace("/", "~1") + "/post");
            assertThat(operation.has("security"))
                    .as(path + " inherits the global bearer requirement")
                    .isFalse();
            assertThat(operation.get("responses").fieldNames())
                    .toIterable()
                    .contains("400", "401", "413", "415", "429", "503");
        }
        for (String path : List.of("/health/live", "/health/ready", "/metrics")) {
            assertThat(document.at("/paths/" + path.replace("/", "~1") + "/get/security"))
                    .as(path)
                    .isEmpty();
        }
    }

    @Test
    void usesTheContractsVocabulary() {
        assertThat(enumAt("/components/schemas/CheckIn/properties/context/enum"))
                .isEqualTo(names(Context.values()));
        assertThat(enumAt("/components/schemas/Trigger/properties/category/enum"))
                .isEqualTo(names(TriggerCategory.values()));
        assertThat(enumAt("/components/schemas/Behavior/properties/type/enum")).isEqualTo(names(BehaviorType.values()));
        assertThat(enumAt("/components/schemas/CheckIn/properties/coping/items/enum"))
                .isEqualTo(names(CopingStrategy.values()));
        assertThat(enumAt("/components/schemas/Measure/properties/instrument/enum"))
                .isEqualTo(names(Instrument.values()));
    }

    /** Every limit the document states for an event is the one in EventRules, the contract's single source. */
    @Test
    void statesTheContractsLimits() {
        String s = "/components/schemas/";
        Map<String, Integer> limits = new LinkedHashMap<>();
        limits.put(s + "OccurredAt/maxLength", EventRules.MAX_DATE_TIME_LENGTH);
        limits.put(s + "UserId/minLength", 1);
        limits.put(s + "UserId/maxLength", EventRules.MAX_USER_ID_LENGTH);
        limits.put(s + "CheckIn/properties/distress/minimum", EventRules.MIN_DISTRESS);
        limits.put(s + "CheckIn/properties/distress/maximum", EventRules.MAX_DISTRESS);
        limits.put(s + "CheckIn/properties/triggers/maxItems", EventRules.MAX_TRIGGERS);
        limits.put(s + "CheckIn/properties/behaviors/maxItems", EventRules.MAX_BEHAVIORS);
        limits.put(s + "CheckIn/properties/coping/maxItems", EventRules.MAX_COPING);
        limits.put(s + "CheckIn/properties/note/maxLength", EventRules.MAX_NOTE_LENGTH);
        limits.put(s + "Behavior/properties/count/minimum", EventRules.MIN_BEHAVIOR_COUNT);
        limits.put(s + "Behavior/properties/count/maximum", EventRules.MAX_BEHAVIOR_COUNT);
        limits.put(s + "Behavior/properties/count/default", Behavior.DEFAULT_COUNT);
        limits.put(s + "JournalEntry/properties/text/maxLength", EventRules.MAX_JOURNAL_TEXT_LENGTH);
        limits.put(s + "ThoughtRecord/properties/automaticThought/minLength", 1);
        for (String field : List.of("automaticThought", "evidenceFor", "evidenceAgainst", "balancedThought")) {
            limits.put(s + "ThoughtRecord/properties/" + field + "/maxLength", EventRules.MAX_THOUGHT_LENGTH);
        }
        for (String field : List.of("beliefBefore", "beliefAfter")) {
            limits.put(s + "ThoughtRecord/properties/" + field + "/minimum", EventRules.MIN_BELIEF);
            limits.put(s + "ThoughtRecord/properties/" + field + "/maximum", EventRules.MAX_BELIEF);
        }

        limits.put(s + "Measure/properties/items/minItems", EventRules.GAD7_ITEMS);
        limits.put(s + "Measure/properties/items/maxItems", EventRules.GAD7_ITEMS);
        limits.put(s + "Measure/properties/items/items/minimum", EventRules.MIN_GAD7_ANSWER);
        limits.put(s + "Measure/properties/items/items/maximum", EventRules.MAX_GAD7_ANSWER);

        Map<String, Integer> stated = new LinkedHashMap<>();
        limits.keySet()
                .forEach(pointer -> stated.put(
                        pointer,
                        document.at(pointer).isInt() ? document.at(pointer).intValue() : null));
        assertThat(stated).isEqualTo(limits);
    }

    @Test
    void requestSchemasHaveTheFieldsOfTheEventSchemasAClientMaySend() throws IOException {
        assertThat(fieldNames(document.at("/components/schemas/CheckIn/properties")))
                .isEqualTo(clientFields("/schemas/check-in.schema.json"));
        assertThat(fieldNames(document.at("/components/schemas/JournalEntry/properties")))
                .isEqualTo(clientFields("/schemas/journal-entry.schema.json"));
        assertThat(fieldNames(document.at("/components/schemas/Measure/properties")))
                .isEqualTo(clientFields("/schemas/measure.schema.json"));
    }

    private static Set<String> clientFields(String resource) throws IOException {
        try (InputStream in = OpenApiDocumentTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            Set<String> fields = fieldNames(new ObjectMapper().readTree(in).get("properties"));
            fields.remove("receivedAt");
            return fields;
        }
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> enumAt(String pointer) {
        JsonNode values = document.at(pointer);
        assertThat(values.isArray()).as(pointer).isTrue();
        return toList(values);
    }

    private static List<String> toList(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false)
                .map(JsonNode::asText)
                .toList();
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }
}
