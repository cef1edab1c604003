package dev.reflect.simulator.persona;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflect.events.BehaviorType;
import dev.reflect.events.CheckIn;
import dev.reflect.events.JournalEntry;
import dev.reflect.events.Json;
import dev.reflect.events.ReflectEvent;
import dev.reflect.events.validation.EventParser;
import dev.reflect.events.validation.Validated;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What the simulator sends is what a well-behaved client sends: valid under the contract, as the ingest service judges it. */
class GeneratedEventsTest {

    private static final Instant NOW = Instant.parse("2026-11-26T06:10:00Z");

    @Test
    void historyAndLiveEventsPassTheIngestServicesValidation() throws Exception {
        EventParser parser = new EventParser(Clock.fixed(NOW, ZoneOffset.UTC));
        Set<UUID> ids = new HashSet<>();
        int thoughtRecords = 0;
        for (SimulatedUser user : Population.create(50, 3, "demo-")) {
            UserSimulation simulation = new UserSimulation(user, 89, 17);
            UserSimulation.History history = simulation.history(NOW);
            List<ReflectEvent> events = new ArrayList<>(history.checkIns());
            events.addAll(history.journalEntries());
            for (int i = 0; i < 20; i++) {
                events.add(simulation.liveEvent(NOW, i % 3 == 0));
            }
            for (ReflectEvent event : events) {
                byte[] body = Json.mapper().writeValueAsBytes(event);
                Validated<? extends ReflectEvent> parsed = event instanceof CheckIn
                        ? parser.clientCheckIn(body, user.userId())
                        : parser.clientJournalEntry(body, user.userId());
                assertThat(parsed.errors())
                        .as(user.userId() + " " + new String(body, StandardCharsets.UTF_8))
                        .isEmpty();
                assertThat(parsed.value()).isEqualTo(event);
                assertThat(event.occurredAt().toInstant())
                        .isBeforeOrEqualTo(NOW)
                        .isAfter(NOW.minus(Duration.ofDays(90)));
                assertThat(event.occurredAt().getOffset()).isEqualTo(user.offset());
                assertThat(event.eventId().version()).isEqualTo(4);
                assertThat(ids.add(event.eventId())).as("unique event ids").isTrue();
                if (event instanceof JournalEntry entry && entry.thoughtRecord() != null) {
                    thoughtRecords++;
                }
            }
        }
        assertThat(thoughtRecords).isGreaterThan(500);
    }

    @Test
    void historyCoversEveryDayAskedForAndStartsWithACheckIn() {
        SimulatedUser user = Population.create(1, 8, "demo-").get(0);
        UserSimulation.History history = new UserSimulation(user, 42, 0).history(NOW);
        LocalDate today = NOW.atOffset(user.offset()).toLocalDate();
        LocalDate first = history.checkIns().get(0).localDay();
        assertThat(first).isEqualTo(today.minusDays(41));
        assertThat(history.checkIns()).extracting(CheckIn::localDay).isSorted().contains(today);
        assertThat(history.journalEntries()).extracting(JournalEntry::localDay).allMatch(day -> !day.isBefore(first));
    }

    @Test
    void theSameSeedGivesTheSameHistoryAndAnotherSeedAnotherOne() {
        SimulatedUser user = Population.create(5, 11, "demo-").get(2);
        assertThat(new UserSimulation(user, 42, 1).history(NOW))
                .isEqualTo(new UserSimulation(user, 42, 2).history(NOW));
        assertThat(Population.create(5, 11, "demo-")).isEqualTo(Population.create(5, 11, "demo-"));

        SimulatedUser other = Population.create(5, 12, "demo-").get(2);
        assertThat(new UserSimulation(other, 42, 1).history(NOW))
                .isNotEqualTo(new UserSimulation(user, 42, 1).history(NOW));
    }

    @Test
    void liveIdsDifferBetweenRunsWhileTheContentFollowsTheSeed() {
        SimulatedUser user = Population.create(3, 4, "demo-").get(0);
        UserSimulation first = new UserSimulation(user, 42, 1);
        UserSimulation second = new UserSimulation(user, 42, 2);
        first.history(NOW);
        second.history(NOW);
        CheckIn a = (CheckIn) first.liveEvent(NOW, false);
        CheckIn b = (CheckIn) second.liveEvent(NOW, false);
        assertThat(a.eventId()).isNotEqualTo(b.eventId());
        assertThat(a.behaviors()).isEqualTo(b.behaviors());
        assertThat(a.triggers()).isEqualTo(b.triggers());
    }

    @Test
    void improvingPeopleAskLessCopeMoreAndLoosenTheirBeliefsOverTheWeeks() {
        int earlyAsks = 0;
        int lateAsks = 0;
        int earlyCoping = 0;
        int lateCoping = 0;
        double earlyShift = 0;
        double lateShift = 0;
        int earlyRecords = 0;
        int lateRecords = 0;
        for (SimulatedUser user : Population.create(50, 21, "demo-")) {
            if (user.persona() != Persona.IMPROVING) {
                continue;
            }
            UserSimulation.History history = new UserSimulation(user, 42, 0).history(NOW);
            LocalDate today = NOW.atOffset(user.offset()).toLocalDate();
            LocalDate lateFrom = today.minusDays(13);
            LocalDate earlyTo = today.minusDays(28);
            for (CheckIn checkIn : history.checkIns()) {
                if (!checkIn.localDay().isAfter(earlyTo)) {
                    earlyAsks += checkIn.countOf(BehaviorType.SOUGHT_REASSURANCE);
                    earlyCoping += checkIn.coping().size();
                } else if (!checkIn.localDay().isBefore(lateFrom)) {
                    lateAsks += checkIn.countOf(BehaviorType.SOUGHT_REASSURANCE);
                    lateCoping += checkIn.coping().size();
                }
            }
            for (JournalEntry entry : history.journalEntries()) {
                if (entry.thoughtRecord() == null) {
                    continue;
                }
                if (!entry.localDay().isAfter(earlyTo)) {
                    earlyShift += entry.thoughtRecord().beliefShift();
                    earlyRecords++;
                } else if (!entry.localDay().isBefore(lateFrom)) {
                    lateShift += entry.thoughtRecord().beliefShift();
                    lateRecords++;
                }
            }
        }
        assertThat(lateAsks).isLessThan(earlyAsks);
        assertThat(lateCoping).isGreaterThan(earlyCoping);
        assertThat(lateShift / lateRecords)
                .isLessThan(earlyShift / earlyRecords)
                .isNegative();
    }
}
