package dev.reflect.streams.entries;

import dev.reflect.streams.state.UserEntries;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * One page of a person's entries asked for: the local days {@code from}..{@code to} (either open),
 * only one kind or both, at most {@code limit}, after {@code cursor} (the last entry of the page
 * before, opaque to clients). Newest first: by occurredAt, then event id, both descending.
 */
public record EntriesRequest(
        Optional<LocalDate> from,
        Optional<LocalDate> to,
        Optional<UserEntries.Kind> type,
        int limit,
        Optional<Cursor> cursor) {

    public static final int MIN_LIMIT = 1;
    public static final int MAX_LIMIT = 100;
    public static final int DEFAULT_LIMIT = 20;
    /** Without {@code from}, the 90 days up to the person's latest day. */
    public static final int DEFAULT_DAYS = 90;

    public EntriesRequest {
        if (limit < MIN_LIMIT || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit out of range");
        }
    }

    public static EntriesRequest firstPage() {
        return new EntriesRequest(
                Optional.empty(), Optional.empty(), Optional.empty(), DEFAULT_LIMIT, Optional.empty());
    }

    /** Where a page ended: the position of its last entry in the newest-first order. */
    public record Cursor(long occurredAtMillis, UUID eventId) {

        /** Base64url of {@code millis:uuid}: opaque to clients, readable in a log. */
        public String encode() {
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString((occurredAtMillis + ":" + eventId).getBytes(StandardCharsets.UTF_8));
        }

        /** The cursor, or empty when {@code text} is not one this service made. */
        public static Optional<Cursor> decode(String text) {
            try {
                String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
                int colon = plain.indexOf(':');
                if (colon < 0) {
                    return Optional.empty();
                }
                return Optional.of(new Cursor(
                        Long.parseLong(plain.substring(0, colon)), UUID.fromString(plain.substring(colon + 1))));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }

        /** Whether {@code entry} comes after this position, newest first. */
        boolean before(UserEntries.Entry entry) {
            if (entry.occurredAtMillis() != occurredAtMillis) {
                return entry.occurredAtMillis() < occurredAtMillis;
            }
            return entry.eventId().compareTo(eventId) < 0;
        }
    }

    /** The query string that asks for the same page (for forwarding to another instance). */
    public String queryString() {
        StringBuilder query = new StringBuilder("limit=").append(limit);
        from.ifPresent(day -> query.append("&from=").append(day));
        to.ifPresent(day -> query.append("&to=").append(day));
        type.ifPresent(kind -> query.append("&type=").append(kind.wireName()));
        cursor.ifPresent(position -> query.append("&cursor=").append(position.encode()));
        return query.toString();
    }
}
