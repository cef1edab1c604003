package dev.reflect.producer.ingest;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.reflect.events.FieldError;
import dev.reflect.events.Json;
import dev.reflect.events.ValidationMessages;
import dev.reflect.service.http.InvalidRequestException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;

/**
 * The batch request {@code {"checkIns":[…]}} with 1..{@value #MAX_ITEMS} items. Only the envelope
 * is checked here; each item is validated on its own so one bad item does not sink the rest.
 * An envelope problem rejects the whole request (400), since no item can be trusted then.
 */
final class BatchEnvelope {

    static final int MAX_ITEMS = 500;
    static final String FIELD = "checkIns";

    private static final ObjectReader READER =
            Json.mapper().reader().with(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    private BatchEnvelope() {
    }

    /** The items, or an {@link InvalidRequestException} listing every envelope problem. */
    static List<JsonNode> items(byte[] body) {
        JsonNode root;
        try {
            root = body.length == 0 ? null : READER.readTree(body);
        } catch (IOException e) {
            root = null;
        }
        if (root == null || root.isMissingNode()) {
            throw invalid(List.of(new FieldError("", ValidationMessages.NOT_JSON)));
        }
        if (!root.isObject()) {
            throw invalid(List.of(new FieldError("", ValidationMessages.NOT_AN_OBJECT)));
        }
        List<FieldError> errors = new ArrayList<>();
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELD.equals(name)) {
                errors.add(new FieldError(name, ValidationMessages.UNKNOWN_FIELD));
            }
        }
        JsonNode items = root.get(FIELD);
        if (items == null) {
            errors.add(new FieldError(FIELD, ValidationMessages.REQUIRED));
        } else if (!items.isArray()) {
            errors.add(new FieldError(FIELD, "must be an array"));
        } else if (items.isEmpty()) {
            errors.add(new FieldError(FIELD, "must contain at least 1 item"));
        } else if (items.size() > MAX_ITEMS) {
            errors.add(new FieldError(FIELD, "must contain at most " + MAX_ITEMS + " items"));
        }
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        List<JsonNode> list = new ArrayList<>(items.size());
        items.forEach(list::add);
        return list;
    }

    /** The item's eventId if it is a UUID; an invalid one is not echoed back. */
    static UUID eventIdOf(JsonNode item) {
        JsonNode id = item == null ? null : item.get("eventId");
        if (id == null || !id.isTextual()) {
            return null;
        }
        try {
            UUID uuid = UUID.fromString(id.textValue());
            // UUID.fromString accepts short forms like "1-2-3-4-5"; only the canonical text is an id.
            return uuid.toString().equalsIgnoreCase(id.textValue()) ? uuid : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static InvalidRequestException invalid(List<FieldError> errors) {
        return new InvalidRequestException(errors);
    }
}
