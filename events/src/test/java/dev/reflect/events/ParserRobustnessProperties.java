package dev.reflect.events;

import static dev.reflect.events.Samples.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reflect.events.validation.EventParser;
import dev.reflect.events.validation.Validated;
import dev.reflect.proptest.Gens;
import dev.reflect.proptest.PropertyCheck;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** Whatever arrives, the parser answers with a Validated, never an exception, and blames well-formed fields. */
class ParserRobustnessProperties {

    private static final String USER = "u-1";
    private static final Pattern FIELD_PATH =
            Pattern.compile("|(\\*|[A-Za-z0-9_$-]+)(\\[\\d+])*(\\.(\\*|[A-Za-z0-9_$-]+)(\\[\\d+])*)*");

    private final EventParser parser = Samples.parser();

    @Test
    void anyJsonValueGetsAnAnswer() {
        PropertyCheck.tries(1000).forAll(EventGens.anyJson(), this::everyParserAnswers);
    }

    @Test
    void anyJsonObjectGetsAnAnswer() {
        PropertyCheck.tries(1000).forAll(EventGens.anyJsonObject(), this::everyParserAnswers);
    }

    @Test
    void anyBytesGetAnAnswer() {
        PropertyCheck.tries(1000).forAll(Gens.byteArrays(0, 255), bytes -> {
            for (Validated<?> result : List.of(
                    parser.clientCheckIn(bytes, USER), parser.clientJournalEntry(bytes, USER),
                    parser.storedCheckIn(bytes), parser.storedJournalEntry(bytes))) {
                assertWellFormed(result);
            }
        });
    }

    @Test
    void replacingOneCheckInFieldWithAnyJsonOnlyEverBlamesThatField() {
        PropertyCheck.tries(1000)
                .forAll(
                        EventGens.storedCheckIns(),
                        checkInFields(),
                        EventGens.anyJson(),
                        this::blamesOnlyThatCheckInField);
    }

    private void blamesOnlyThatCheckInField(CheckIn checkIn, String field, JsonNode value) {
        ObjectNode body = Json.mapper().valueToTree(checkIn);
        body.set(field, value);

        Validated<CheckIn> result = parser.storedCheckIn(bytes(body));

        assertWellFormed(result);
        assertThat(result.errors())
                .allSatisfy(e -> assertThat(e.field()).matches(Pattern.quote(field) + "([.\\[].*)?"));
    }

    @Test
    void replacingOneJournalFieldWithAnyJsonOnlyEverBlamesThatField() {
        PropertyCheck.tries(1000)
                .forAll(
                        EventGens.storedJournalEntries(),
                        Gens.of("eventId", "occurredAt", "text", "thoughtRecord", "userId", "receivedAt"),
                        EventGens.anyJson(),
                        this::blamesOnlyThatJournalField);
    }

    private void blamesOnlyThatJournalField(JournalEntry entry, String field, JsonNode value) {
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

    private static Gen<String> checkInFields() {
        return Gens.of(CheckIn.FIELDS);
    }
}
