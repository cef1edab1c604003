package dev.reflect.producer.ingest;

import dev.reflect.events.FieldError;
import java.util.List;
import java.util.UUID;

/** The 200 body of a batch: one result per submitted item, in input order. */
public record BatchResult(List<Item> results) {

    public BatchResult {
        results = List.copyOf(results);
    }

    /**
     * One item's outcome. {@code eventId} is the item's own when it is a valid UUID, else null
     * (the position in {@code results} still identifies it); {@code errors} is empty when accepted.
     */
    public record Item(UUID eventId, String status, List<FieldError> errors) {

        public static Item accepted(UUID eventId) {
            return new Item(eventId, "accepted", List.of());
        }

        public static Item rejected(UUID eventId, List<FieldError> errors) {
            return new Item(eventId, "rejected", List.copyOf(errors));
        }
    }
}
