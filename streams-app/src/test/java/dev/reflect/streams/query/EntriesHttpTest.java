package dev.reflect.streams.query;

import static dev.reflect.streams.EventFixtures.checkIn;
import static dev.reflect.streams.EventFixtures.journal;
import static dev.reflect.streams.query.QueryClient.json;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reflect.events.BehaviorType;
import dev.reflect.events.CheckIn;
import dev.reflect.events.JournalEntry;
import dev.reflect.events.ReflectEvent;
import dev.reflect.events.Topics;
import dev.reflect.service.auth.DevTokens;
import dev.reflect.streams.state.UserEntries;
import dev.reflect.streams.state.UserState;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code GET /v1/me/entries} (contract section 9): a person reads back what they wrote, newest
 * first, a page at a time, filtered by local day and kind; bad parameters are one 400 naming each;
 * another instance's person is fetched from it with the same page asked for.
 */
class EntriesHttpTest {

    private static final byte[] SECRET = "entries-http-test-secret-0123456789abcdef".getBytes(UTF_8);
    private static final LocalDate DAY = LocalDate.of(2026, 11, 26);

    private final String userId = "u-" + UUID.randomUUID();
    private final String token = DevTokens.mint(SECRET, userId, false);
    private final QueryServer server = new QueryServer(SECRET);
    private final QueryServer owner = new QueryServer(SECRET);
    private final QueryClient client = new QueryClient(server.port());
    private final UserState state = UserState.empty();
    private final List<UserEntries.Entry> entries = new ArrayList<>();
    private final List<ReflectEvent> written = new ArrayList<>();

    @AfterEach
    void stop() {
        server.close();
        owner.close();
    }

    /** Ten days, each a check-in in the morning and a journal entry in the evening, stored as the topology stores them. */
    private void tenDays() {
        for (int d = 9; d >= 0; d--) {
            LocalDate day = DAY.minusDays(d);
            CheckIn checkIn = checkIn(userId, day)
                    .behavior(BehaviorType.SOUGHT_REASSURANCE, d + 1)
                    .build();
            JournalEntry entry = journal(userId, day, 70, 40);
            JournalEntry evening = new JournalEntry(
                    entry.eventId(),
                    entry.occurredAt().plusHours(8),
                    "day " + d,
                    entry.thoughtRecord(),
                    userId,
                    entry.receivedAt().plusSeconds(8 * 3600));
            for (ReflectEvent event : List.of(checkIn, evening)) {
                state.add(event);
                written.add(event);
            }
            entries.add(stored(checkIn));
            entries.add(stored(evening));
        }
        Collections.shuffle(entries);
    }

    private static UserEntries.Entry stored(ReflectEvent event) {
        byte[] bytes = event instanceof CheckIn checkIn
                ? Topics.CHECKINS.valueSerde().serializer().serialize("t", checkIn)
                : Topics.JOURNAL.valueSerde().serializer().serialize("t", (JournalEntry) event);
        return new UserEntries.Entry(
                event instanceof CheckIn ? UserEntries.Kind.CHECK_IN : UserEntries.Kind.JOURNAL,
                event.occurredAt().toInstant().toEpochMilli(),
                event.localDay(),
                event.eventId(),
                bytes);
    }

    @Test
    void aPersonReadsBackEverythingTheyWroteNewestFirstAPageAtATime() {
        tenDays();
        server.lookup.activeHere(userId, state, entries);

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            HttpResponse<String> response =
                    client.get("/v1/me/entries?limit=7" + (cursor == null ? "" : "&cursor=" + cursor), token);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
            JsonNode body = json(response);
            body.path("entries").forEach(entry -> seen.add(entry.path("eventId").asText()));
            cursor = body.path("nextCursor").isNull()
                    ? null
                    : body.path("nextCursor").asText();
            pages++;
        } while (cursor != null);

        List<String> newestFirst = written.stream()
                .sorted((a, b) ->
                        b.occurredAt().toInstant().compareTo(a.occurredAt().toInstant()))
                .map(event -> event.eventId().toString())
                .toList();
        assertThat(seen).isEqualTo(newestFirst);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void eachEntryIsWhatWasWrittenWithItsTypeAndWithoutTheUserId() {
        tenDays();
        server.lookup.activeHere(userId, state, entries);

        JsonNode body = json(client.get("/v1/me/entries?limit=2", token));

        JsonNode journal = body.path("entries").get(0);
        assertThat(journal.path("type").asText()).isEqualTo("journal");
        assertThat(journal.path("text").asText()).isEqualTo("day 0");
        assertThat(journal.path("thoughtRecord").path("beliefBefore").asInt()).isEqualTo(70);
        assertThat(journal.has("userId")).isFalse();
        assertThat(journal.has("receivedAt")).isTrue();
        JsonNode checkIn = body.path("entries").get(1);
        assertThat(checkIn.path("type").asText()).isEqualTo("checkin");
        assertThat(checkIn.path("behaviors").get(0).path("type").asText()).isEqualTo("SOUGHT_REASSURANCE");
        assertThat(checkIn.path("behaviors").get(0).path("count").asInt()).isEqualTo(1);
        assertThat(checkIn.path("occurredAt").asText()).startsWith(DAY.toString());
    }

    @Test
    void kindAndLocalDaysNarrowThePage() {
        tenDays();
        server.lookup.activeHere(userId, state, entries);

        JsonNode checkIns = json(client.get(
                "/v1/me/entries?type=checkin&from=" + DAY.minusDays(4) + "&to=" + DAY.minusDays(2) + "&limit=100",
                token));

        assertThat(checkIns.path("entries")).hasSize(3);
        checkIns.path("entries")
                .forEach(entry -> assertThat(entry.path("type").asText()).isEqualTo("checkin"));
        assertThat(checkIns.path("entries").get(0).path("occurredAt").asText())
                .startsWith(DAY.minusDays(2).toString());
        assertThat(checkIns.path("nextCursor").isNull()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
        "type=mood, type",
        "limit=0, limit",
        "limit=101, limit",
        "limit=many, limit",
        "from=26-11-2026, from",
        "to=yesterday, to",
        "cursor=not-ours, cursor",
        "from=2026-11-20&to=2026-11-10, from"
    })
    void eachBadParameterIsNamedInA400(String query, String field) {
        tenDays();
        server.lookup.activeHere(userId, state, entries);

        HttpResponse<String> response = client.get("/v1/me/entries?" + query, token);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("errors").get(0).path("field").asText()).isEqualTo(field);
    }

    @Test
    void someoneWithNoDataGets404AndSomeoneElsesEntriesAre403() {
        server.lookup.othersAbsentHere();

        assertThat(client.get("/v1/me/entries", token).statusCode()).isEqualTo(404);
        String other = "u-" + UUID.randomUUID();
        assertThat(client.get("/v1/users/" + other + "/entries", token).statusCode())
                .isEqualTo(403);
    }

    @Test
    void aPersonHeldByAnotherInstanceIsFetchedFromItWithTheSamePage() {
        tenDays();
        server.lookup.activeElsewhere(userId, owner.address(), null);
        owner.lookup.activeHere(userId, state, entries);
        JsonNode first = json(client.get("/v1/me/entries?limit=3&type=journal", token));
        String cursor = first.path("nextCursor").asText();

        JsonNode second = json(client.get("/v1/me/entries?limit=3&type=journal&cursor=" + cursor, token));

        assertThat(first.path("entries")).hasSize(3);
        assertThat(second.path("entries")).hasSize(3);
        assertThat(second.path("entries").get(0).path("text").asText()).isEqualTo("day 3");
        second.path("entries")
                .forEach(entry -> assertThat(entry.path("type").asText()).isEqualTo("journal"));
        assertThat(server.forwardsSent).hasValue(2);
    }
}
