package dev.reflect.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflect.events.CheckIn;
import dev.reflect.events.validation.EventParser;
import dev.reflect.events.validation.Validated;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CheckInBodiesTest {

    private static final Instant NOW = Instant.parse("2026-11-26T20:00:00Z");
    private static final List<String> FRAGMENTS = CheckInBodies.fragments(512, NOW, 7L);

    @Test
    void everyBodyIsAValidClientCheckIn() {
        EventParser parser = new EventParser(Clock.fixed(NOW, ZoneOffset.UTC));
        for (String fragment : FRAGMENTS) {
            UUID eventId = UUID.randomUUID();
            Validated<CheckIn> parsed = parser.clientCheckIn(
                    CheckInBodies.body(eventId.toString(), fragment).getBytes(StandardCharsets.UTF_8), "bench-user");

            assertThat(parsed.errors()).as(fragment).isEmpty();
            assertThat(parsed.value().eventId()).isEqualTo(eventId);
        }
    }

    @Test
    void bodiesStayValidForTheLengthOfALongRun() {
        EventParser aDayLater = new EventParser(Clock.fixed(NOW.plus(Duration.ofDays(1)), ZoneOffset.UTC));

        assertThat(FRAGMENTS)
                .allSatisfy(fragment -> assertThat(aDayLater
                                .clientCheckIn(
                                        CheckInBodies.body(UUID.randomUUID().toString(), fragment)
                                                .getBytes(StandardCharsets.UTF_8),
                                        "bench-user")
                                .isValid())
                        .isTrue());
    }

    @Test
    void bodiesAreTheSizeOfRealCheckIns() {
        assertThat(FRAGMENTS)
                .allSatisfy(fragment -> assertThat(
                                CheckInBodies.body(UUID.randomUUID().toString(), fragment)
                                        .getBytes(StandardCharsets.UTF_8)
                                        .length)
                        .isBetween(CheckInBodies.MIN_BYTES, CheckInBodies.MAX_BYTES));
    }

    @Test
    void fragmentsVaryAndFitOnOneLineEach() {
        assertThat(new HashSet<>(FRAGMENTS)).hasSizeGreaterThan(500);
        assertThat(FRAGMENTS).noneMatch(fragment -> fragment.contains("\n") || fragment.isBlank());
    }

    @Test
    void theSameSeedGivesTheSameFragments() {
        assertThat(CheckInBodies.fragments(16, NOW, 7L)).isEqualTo(FRAGMENTS.subList(0, 16));
        assertThat(CheckInBodies.fragments(16, NOW, 8L)).isNotEqualTo(FRAGMENTS.subList(0, 16));
    }
}
