package dev.reflect.streams.entries;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reflect.events.Json;
import dev.reflect.events.crypto.TextSealer;
import dev.reflect.streams.state.UserEntries;
import dev.reflect.streams.state.UserState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code GET /v1/me/entries}: a page of the person's entries, newest first, each as
 * it was stored but for the userId (it is the reader's own, or the one they asked for), with its
 * {@code type}, and the cursor of the next page ({@code null} on the last).
 *
 * <pre>{"entries":[{"type":"checkin","eventId":…,"occurredAt":…,"receivedAt":…,"context":…,…,"note":…},
 *              {"type":"journal","eventId":…,"text":…,"thoughtRecord":{…}}],
 *  "nextCursor":"…"}</pre>
 *
 * Plain and stateless: no Kafka, no HTTP; thread-safe.
 */
public final class EntriesPage {

    private static final Comparator<UserEntries.Entry> NEWEST_FIRST = Comparator.comparingLong(
                    UserEntries.Entry::occurredAtMillis)
            .thenComparing(UserEntries.Entry::eventId)
            .reversed();

    private EntriesPage() {}

    /**
     * @param entries all the person's entries, in any order
     * @param state   the person's state, whose latest day ends the default window
     */
    public static ObjectNode of(List<UserEntries.Entry> entries, UserState state, EntriesRequest request) {
        return of(entries, state, request, null);
    }

    /**
     * @param texts opens each shown entry's sealed texts (contract section 9); null shows them sealed
     */
    public static ObjectNode of(
            List<UserEntries.Entry> entries, UserState state, EntriesRequest request, TextSealer texts) {
        LocalDate from = request.from().orElse(state.latestDay().minusDays(EntriesRequest.DEFAULT_DAYS - 1L));
        List<UserEntries.Entry> matching = entries.stream()
                .filter(entry -> !entry.localDay().isBefore(from))
                .filter(entry ->
                        request.to().map(to -> !entry.localDay().isAfter(to)).orElse(true))
                .filter(entry ->
                        request.type().map(type -> entry.kind() == type).orElse(true))
                .filter(entry ->
                        request.cursor().map(cursor -> cursor.before(entry)).orElse(true))
                .sorted(NEWEST_FIRST)
                .limit(request.limit() + 1L)
                .toList();
        ObjectNode body = Json.mapper().createObjectNode();
        ArrayNode page = body.putArray("entries");
        List<UserEntries.Entry> shown = matching.subList(0, Math.min(request.limit(), matching.size()));
        shown.forEach(entry -> page.add(view(entry, texts)));
        if (matching.size() > request.limit()) {
            UserEntries.Entry last = shown.get(shown.size() - 1);
            body.put("nextCursor", new EntriesRequest.Cursor(last.occurredAtMillis(), last.eventId()).encode());
        } else {
            body.putNull("nextCursor");
        }
        return body;
    }

    /**
     * The stored record as the person wrote it, with its type first and without the userId: its
     * sealed texts opened in place, and those that no longer open (their key was destroyed) named
     * under {@code unreadable}.
     */
    public static ObjectNode view(UserEntries.Entry entry, TextSealer texts) {
        JsonNode stored;
        try {
            stored = Json.mapper().readTree(entry.stored());
        } catch (IOException e) {
            throw new UncheckedIOException("a stored entry is not JSON", e);
        }
        if (texts != null && stored.isObject()) {
            stored = texts.open(stored);
        }
        ObjectNode view = Json.mapper().createObjectNode();
        view.put("type", entry.kind().wireName());
        for (Map.Entry<String, JsonNode> field : stored.properties()) {
            if (!field.getKey().equals("userId")) {
                view.set(field.getKey(), field.getValue());
            }
        }
        return view;
    }
}
