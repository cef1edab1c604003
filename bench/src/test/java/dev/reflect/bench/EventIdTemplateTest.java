package dev.reflect.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reflect.bench.RawProducerLoop.EventIdTemplate;
import dev.reflect.events.validation.EventParser;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventIdTemplateTest {

    private static final String PLACEHOLDER = "00000000-0000-4000-8000-000000000000";
    private static final String STORED =
            "{\"eventId\":\"" + PLACEHOLDER + "\",\"occurredAt\":\"2026-11-26T19:00:00+01:00\","
                    + "\"context\":\"WORK\",\"distress\":4,\"userId\":\"bench-user-000001\",\"receivedAt\":\"2026-11-26T19:00:01Z\"}";

    @Test
    void stampsTheCounterIntoTheLastTwelveDigitsOfTheEventId() {
        EventIdTemplate template = EventIdTemplate.of(STORED.getBytes(StandardCharsets.UTF_8), PLACEHOLDER);

        String first = new String(template.withCounter(0x1a2b), StandardCharsets.UTF_8);
        String second = new String(template.withCounter(0xffff_ffff_ffffL), StandardCharsets.UTF_8);

        assertThat(first).isEqualTo(STORED.replace(PLACEHOLDER, "00000000-0000-4000-8000-000000001a2b"));
        assertThat(second).isEqualTo(STORED.replace(PLACEHOLDER, "00000000-0000-4000-8000-ffffffffffff"));
    }

    @Test
    void stampedRecordsAreValidStoredCheckInsWithDistinctEventIds() {
        EventIdTemplate template = EventIdTemplate.of(STORED.getBytes(StandardCharsets.UTF_8), PLACEHOLDER);
        EventParser parser = new EventParser(Clock.systemUTC());

        UUID one = parser.storedCheckIn(template.withCounter(1)).value().eventId();
        UUID two = parser.storedCheckIn(template.withCounter(2)).value().eventId();

        assertThat(one).isNotEqualTo(two);
    }

    @Test
    void leavesTheTemplateItselfUntouched() {
        byte[] bytes = STORED.getBytes(StandardCharsets.UTF_8);
        EventIdTemplate template = EventIdTemplate.of(bytes, PLACEHOLDER);

        template.withCounter(42);

        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(STORED);
    }

    @Test
    void refusesATemplateWithoutExactlyOnePlaceholder() {
        assertThatThrownBy(() -> EventIdTemplate.of("{}".getBytes(StandardCharsets.UTF_8), PLACEHOLDER))
                .isInstanceOf(IllegalArgumentException.class);
        String twice = STORED.replace("bench-user-000001", PLACEHOLDER);
        assertThatThrownBy(() -> EventIdTemplate.of(twice.getBytes(StandardCharsets.UTF_8), PLACEHOLDER))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
