package dev.reflect.producer.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.reflect.events.CheckIn;
import dev.reflect.events.FieldError;
import dev.reflect.events.Json;
import dev.reflect.events.validation.EventParser;
import dev.reflect.events.validation.ValidationMessages;
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

    private BatchEnvelope() {}

    /** One item: the check-in if it was read as plainly valid, else its tree for the parser to judge. */
    record Item(CheckIn plainlyValid, JsonNode tree) {}

    /**
     * The items of a batch, read without building trees for the plainly valid ones; or an
     * {@link InvalidRequestException} listing every envelope problem. Anything out of the ordinary
     * in the envelope (and a body that is not JSON) goes to {@link #items}, which says what is wrong.
     */
    static List<Item> read(byte[] body, EventParser parser) {
        List<Item> streamed = readPlainEnvelope(body, parser);
        if (streamed != null) {
            return streamed;
        }
        List<JsonNode> trees = items(body);
        List<Item> items = new ArrayList<>(trees.size());
        trees.forEach(tree -> items.add(new Item(null, tree)));
        return items;
    }

    /**
     * {@code {"checkIns":[{…},…]}} with 1..{@value #MAX_ITEMS} objects and nothing else, read as
     * a stream; null if the body is anything else. An item the parser does not read as plainly
     * valid is skipped in the stream and parsed alone into a tree; a repeated key in it, which
     * makes the whole body "not JSON", sends the whole body to {@link #items} too.
     */
    private static List<Item> readPlainEnvelope(byte[] body, EventParser parser) {
        if (body.length == 0) {
            return null;
        }
        try (JsonParser p = READER.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT
                    || p.nextToken() != JsonToken.FIELD_NAME
                    || !FIELD.equals(p.currentName())
                    || p.nextToken() != JsonToken.START_ARRAY) {
                return null;
            }
            JsonStreamContext array = p.getParsingContext();
            List<Item> items = new ArrayList<>();
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                if (t != JsonToken.START_OBJECT || items.size() == MAX_ITEMS) {
                    return null;
                }
                long start = p.currentTokenLocation().getByteOffset();
                CheckIn checkIn = parser.readPlainlyValidClientCheckIn(p);
                if (checkIn != null) {
                    items.add(new Item(checkIn, null));
                    continue;
                }
                while (p.currentToken() != JsonToken.END_OBJECT || p.getParsingContext() != array) {
                    if (p.nextToken() == null) {
                        return null;
                    }
                }
                long end = p.currentLocation().getByteOffset();
                items.add(new Item(null, READER.readTree(body, (int) start, (int) (end - start))));
            }
            if (items.isEmpty() || p.nextToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                return null;
            }
            return items;
        } catch (IOException e) {
            return null;
        }
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
