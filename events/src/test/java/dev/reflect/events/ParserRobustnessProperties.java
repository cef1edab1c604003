package dev.reflect.events;

import static dev.reflect.events.Samples.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever arrives, the parser answers with a Validated, never an exception, and blames well-formed fields. */
class ParserRobustnessProperties {

    private static final String USER = "u-1";
    private static final Pattern FIELD_PATH =
            Pattern.compile("|(\\*|[A-Za-z0-9_$-]+)(\\[\\d+])*(\\.(\\*|[A-Za-z0-9_$-]+)(\\[\\d+])*)*");

    private final EventParser parser = Samples.parser();

    @Property
    void anyJsonValueGetsAnAnswer(@ForAll("anyJson") JsonNode json) {
        everyParserAnswers(json);
    }

    @Property
    void anyJsonObjectGetsAnAnswer(@ForAll("anyJsonObject") ObjectNode json) {
        everyParserAnswers(json);
    }

    @Property
    void anyBytesGetAnAnswer(@ForAll byte[] bytes) {
        for (Validated<?> result : List.of(
                parser.clientCheckIn(bytes, USER), parser.clientJournalEntry(bytes, USER),
                parser.storedCheckIn(bytes), parser.storedJournalEntry(bytes))) {
            assertWellFormed(result);
        }
    }

    @Property
    void replacingOneCheckInFieldWithAnyJsonOnlyEverBlamesThatField(
            @ForAll("storedCheckIns") CheckIn checkIn,
            @ForAll("checkInFields") String field,
            @ForAll("anyJson") JsonNode value) {
        ObjectNode body = Json.mapper().valueToTree(checkIn);
        body.set(field, value);

        Validated<CheckIn> result = parser.storedCheckIn(bytes(body));

        assertWellFormed(result);
        assertThat(result.errors())
                .allSatisfy(e -> assertThat(e.field()).matches(Pattern.quote(field) + "([.\\[].*)?"));
    }

    @Property
    void replacingOneJournalFieldWithAnyJsonOnlyEverBlamesThatField(
            @ForAll("storedJournalEntries") JournalEntry entry,
            @ForAll("journalFields") String field,
            @ForAll("anyJson") JsonNode value) {
        ObjectNode body = Json.mapper().valueToTree(entry);
        body.set(field, value);

        Validated<JournalEntry> result = parser.storedJournalEntry(bytes(body));

        assertWellFormed(result);
        assertThat(result.errors())
                .allSatisfy(e -> assertThat(e.field()).matches(Pattern.quote(field) + "([.\\[].*)?"));
    }

    private void everyParserAnswers(JsonNode json) {
        byte[] bytes = bytes(json);
        Validated<CheckIn> fromBytes = parser.clientCheckIn(bytes, USER);
        for (Validated<?> result : List.of(
                fromBytes,
                parser.clientCheckIn(json, USER),
                parser.clientJournalEntry(bytes, USER),
                parser.storedCheckIn(bytes),
                parser.storedJournalEntry(bytes))) {
            assertWellFormed(result);
        }
        assertThat(parser.clientCheckIn(json, USER)).isEqualTo(fromBytes);
    }

    private static void assertWellFormed(Validated<?> result) {
        assertThat(result).isNotNull();
        assertThat(result.errors()).allSatisfy(e -> {
            assertThat(e.field()).matches(FIELD_PATH);
            assertThat(e.message()).isNotBlank().doesNotContain("\"");
        });
        assertThat(result.errors()).extracting(FieldError::field).doesNotHaveDuplicates();
    }

    @Provide
    Arbitrary<JsonNode> anyJson() {
        return EventArbitraries.anyJson();
    }

    @Provide
    Arbitrary<ObjectNode> anyJsonObject() {
        return EventArbitraries.anyJsonObject();
    }

    @Provide
    Arbitrary<CheckIn> storedCheckIns() {
        return EventArbitraries.storedCheckIns();
    }

    @Provide
    Arbitrary<JournalEntry> storedJournalEntries() {
        return EventArbitraries.storedJournalEntries();
    }

    @Provide
    Arbitrary<String> checkInFields() {
        return Arbitraries.of(
                "eventId",
                "occurredAt",
                "context",
                "distress",
                "triggers",
                "behaviors",
                "coping",
                "note",
                "userId",
                "receivedAt");
    }

    @Provide
    Arbitrary<String> journalFields() {
        return Arbitraries.of("eventId", "occurredAt", "text", "thoughtRecord", "userId", "receivedAt");
    }
}
