package dev.reflect.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The schema files are the published contract: they must be sound and agree with the Java vocabulary. */
class EventSchemasTest {

    @ParameterizedTest
    @ValueSource(strings = {EventSchemas.CHECK_IN, EventSchemas.JOURNAL_ENTRY})
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
    @ValueSource(strings = {EventSchemas.CHECK_IN, EventSchemas.JOURNAL_ENTRY})
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
    }

    @Test
    void limitsSharedWithJavaAgree() throws IOException {
        JsonNode checkIn = load(EventSchemas.CHECK_IN);
        JsonNode journal = load(EventSchemas.JOURNAL_ENTRY);

        assertThat(checkIn.at("/properties/userId/maxLength").asInt()).isEqualTo(EventRules.MAX_USER_ID_LENGTH);
        assertThat(journal.at("/properties/userId/maxLength").asInt()).isEqualTo(EventRules.MAX_USER_ID_LENGTH);
        assertThat(checkIn.at("/properties/behaviors/maxItems").asInt()).isEqualTo(BehaviorType.values().length);
        assertThat(checkIn.at("/properties/coping/maxItems").asInt()).isEqualTo(CopingStrategy.values().length);
        assertThat(checkIn.at("/$defs/behavior/properties/count/default").asInt())
                .isEqualTo(Behavior.DEFAULT_COUNT);
    }

    @Test
    void theSharedFieldsAreDefinedAlikeInBothSchemas() throws IOException {
        JsonNode checkIn = load(EventSchemas.CHECK_IN).get("properties");
        JsonNode journal = load(EventSchemas.JOURNAL_ENTRY).get("properties");

        for (String field : List.of("eventId", "userId", "receivedAt")) {
            assertThat(journal.get(field)).as(field).isEqualTo(checkIn.get(field));
        }
        assertThat(journal.at("/occurredAt/type")).isEqualTo(checkIn.at("/occurredAt/type"));
        assertThat(journal.at("/occurredAt/format")).isEqualTo(checkIn.at("/occurredAt/format"));
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
