package dev.reflect.events.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import dev.reflect.events.EventRules;
import dev.reflect.events.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One event schema, compiled once, whose findings are translated into {@link Problems}. The
 * validator's own messages are never passed on: some quote the offending value. Each message is
 * built from the keyword and the schema's own limits, and cached per schema location.
 */
final class CompiledSchema implements StructureRules {

    static final CompiledSchema CHECK_IN = load(EventSchemas.CHECK_IN);
    static final CompiledSchema JOURNAL_ENTRY = load(EventSchemas.JOURNAL_ENTRY);
    static final CompiledSchema SHARING_CHANGE = load(EventSchemas.SHARING_CHANGE);
    static final CompiledSchema MEASURE = load(EventSchemas.MEASURE);

    private static final Map<String, String> TYPE_MESSAGES = Map.of(
            "string", "must be a string",
            "integer", "must be an integer",
            "number", "must be a number",
            "boolean", "must be true or false",
            "object", "must be an object",
            "array", "must be an array");

    static final String CANONICAL_UUID_PATTERN =
            "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";
    private static final String UUID_MESSAGE = "must be a UUID";

    private final JsonNode root;
    private final Schema schema;
    /** Top-level properties holding a UUID, whose canonical form is checked here rather than by the schema's regex. */
    private final List<String> uuidFields;

    private final Map<String, Integer> fieldOrder;
    private final Map<String, String> messages = new ConcurrentHashMap<>();
    private final Map<String, Integer> priorities = new ConcurrentHashMap<>();

    private CompiledSchema(JsonNode root) {
        this.root = root;
        // The published schema spells a UUID as format + lengths + pattern (format alone only
        // annotates under 2020-12). The regex was about a quarter of validation time on the
        // ingest hot path, so the compiled copy goes without it and validate() checks the same
        // shape by hand, with the message the pattern would have produced.
        ObjectNode compiled = root.deepCopy();
        this.uuidFields = withoutUuidPatterns(compiled);
        this.schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(compiled);
        // Compile every $ref now rather than on the first record a stream thread sees.
        this.schema.initializeValidators();
        Map<String, Integer> order = new HashMap<>();
        collectFieldOrder(root, order);
        this.fieldOrder = Map.copyOf(order);
    }

    private static CompiledSchema load(String resource) {
        try (InputStream in = CompiledSchema.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("schema resource missing: " + resource);
            }
            return new CompiledSchema(Json.mapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema " + resource, e);
        }
    }

    JsonNode root() {
        return root;
    }

    Problems newProblems() {
        return new Problems(fieldOrder);
    }

    @Override
    public void validate(ObjectNode event, Problems problems) {
        for (String field : uuidFields) {
            JsonNode value = event.get(field);
            if (value != null && value.isTextual() && !isCanonicalUuid(value.textValue())) {
                problems.add(List.of(field), Problems.FORMAT, UUID_MESSAGE);
            }
        }
        for (Error error : schema.validate(event)) {
            NodePath evaluation = error.getEvaluationPath();
            if (evaluation.getNameCount() > 0 && "anyOf".equals(evaluation.getName(0))) {
                // The only top-level anyOf is the journal entry's "text or thoughtRecord"; its
                // branch failures read as noise, so they become the one rule they express.
                problems.add(List.of("text"), Problems.PRESENCE, ValidationMessages.TEXT_OR_THOUGHT_RECORD);
                continue;
            }
            List<Object> path = pathOf(error.getInstanceLocation());
            switch (error.getKeyword()) {
                case "required" -> {
                    path.add(error.getProperty());
                    problems.add(path, Problems.PRESENCE, ValidationMessages.REQUIRED);
                }
                case "additionalProperties" -> {
                    path.add(Problems.printableName(error.getProperty()));
                    problems.add(path, Problems.PRESENCE, ValidationMessages.UNKNOWN_FIELD);
                }
                default -> {
                    String location = error.getSchemaLocation().toString();
                    String message = messages.computeIfAbsent(location, l -> describe(error));
                    int priority = priorities.computeIfAbsent(error.getKeyword(), CompiledSchema::priorityOf);
                    problems.add(path, priority, message);
                }
            }
        }
    }

    /** Removes {@code pattern} from top-level UUID properties; returns their names. */
    private static List<String> withoutUuidPatterns(ObjectNode schema) {
        List<String> fields = new ArrayList<>();
        JsonNode properties = schema.get("properties");
        if (properties != null && properties.isObject()) {
            properties.properties().forEach(property -> {
                if (property.getValue() instanceof ObjectNode definition
                        && "uuid".equals(definition.path("format").asText())
                        && definition.has("pattern")) {
                    if (!CANONICAL_UUID_PATTERN.equals(definition.get("pattern").asText())) {
                        throw new IllegalStateException("UUID property " + property.getKey()
                                + " has a pattern the hand-written check does not implement");
                    }
                    definition.remove("pattern");
                    fields.add(property.getKey());
                }
            });
        }
        return List.copyOf(fields);
    }

    /** 8-4-4-4-12 hex digits, either case: exactly what {@link #CANONICAL_UUID_PATTERN} accepts. */
    static boolean isCanonicalUuid(String text) {
        if (text.length() != EventRules.UUID_LENGTH) {
            return false;
        }
        for (int i = 0; i < EventRules.UUID_LENGTH; i++) {
            char c = text.charAt(i);
            boolean ok = (i == 8 || i == 13 || i == 18 || i == 23)
                    ? c == '-'
                    : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static List<Object> pathOf(NodePath location) {
        List<Object> path = new ArrayList<>(location.getNameCount() + 1);
        for (int i = 0; i < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            path.add(element instanceof Integer ? element : Problems.printableName(element.toString()));
        }
        return path;
    }

    private static int priorityOf(String keyword) {
        return switch (keyword) {
            case "type" -> Problems.TYPE;
            case "enum", "const" -> Problems.ENUM;
            case "pattern", "format" -> Problems.FORMAT;
            case "minimum", "maximum", "minLength", "maxLength" -> Problems.RANGE;
            case "minItems", "maxItems" -> Problems.ITEMS;
            case "uniqueItems" -> Problems.UNIQUE;
            default -> Problems.OTHER;
        };
    }

    /** A message from the keyword and the schema alone: nothing of the instance goes in. */
    private String describe(Error error) {
        JsonNode value = error.getSchemaNode();
        JsonNode owner = ownerOf(error.getSchemaLocation().getFragment());
        if ("uuid".equals(owner.path("format").asText()) && !"type".equals(error.getKeyword())) {
            // Length and pattern together spell "canonical UUID"; say that rather than which half failed.
            return UUID_MESSAGE;
        }
        return switch (error.getKeyword()) {
            case "type" -> TYPE_MESSAGES.getOrDefault(value.asText(), "has the wrong type");
            case "enum" -> {
                StringJoiner allowed = new StringJoiner(", ", "must be one of ", "");
                value.forEach(v -> allowed.add(v.asText()));
                yield allowed.toString();
            }
            case "minimum", "maximum" ->
                owner.has("minimum") && owner.has("maximum")
                        ? "must be between " + owner.get("minimum").asText() + " and "
                                + owner.get("maximum").asText()
                        : "must be at " + ("minimum".equals(error.getKeyword()) ? "least " : "most ") + value.asText();
            case "minLength" ->
                value.asInt() == 1 ? "must not be empty" : "must be at least " + value.asText() + " characters";
            case "maxLength" -> "must be at most " + value.asText() + " characters";
            case "minItems", "maxItems" -> {
                if (owner.has("minItems") && owner.path("minItems").equals(owner.path("maxItems"))) {
                    yield "must have exactly " + value.asText() + " items";
                }
                yield "must have at " + ("minItems".equals(error.getKeyword()) ? "least " : "most ") + value.asText()
                        + " items";
            }
            case "uniqueItems" -> "must not contain duplicates";
            case "pattern" -> "has an invalid format";
            default -> "is not valid";
        };
    }

    /** The schema object holding the keyword at {@code fragment} (its last element). */
    private JsonNode ownerOf(NodePath fragment) {
        JsonNode node = root;
        for (int i = 0; i < fragment.getNameCount() - 1; i++) {
            Object element = fragment.getElement(i);
            node = element instanceof Integer index ? node.path(index) : node.path(element.toString());
        }
        return node;
    }

    /** Property names in the order the schema lists them, which is the contract's reading order. */
    private static void collectFieldOrder(JsonNode node, Map<String, Integer> order) {
        if (node.isObject()) {
            JsonNode properties = node.get("properties");
            if (properties != null && properties.isObject()) {
                for (Iterator<String> names = properties.fieldNames(); names.hasNext(); ) {
                    order.putIfAbsent(names.next(), order.size());
                }
            }
            node.forEach(child -> collectFieldOrder(child, order));
        } else if (node.isArray()) {
            node.forEach(child -> collectFieldOrder(child, order));
        }
    }
}
