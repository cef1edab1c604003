package dev.reflect.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflect.events.Alert;
import dev.reflect.events.Behavior;
import dev.reflect.events.BehaviorType;
import dev.reflect.events.CheckIn;
import dev.reflect.events.Context;
import dev.reflect.events.CopingStrategy;
import dev.reflect.events.EscalationLevel;
import dev.reflect.events.JournalEntry;
import dev.reflect.events.ReflectEvent;
import dev.reflect.events.ThoughtRecord;
import dev.reflect.events.Trigger;
import dev.reflect.events.TriggerCategory;
import dev.reflect.proptest.Coverage;
import dev.reflect.proptest.Gens;
import dev.reflect.proptest.PropertyCheck;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Contract section 4a through the real topology: the same events of several people, on both
 * input topics, give the same figures, levels, {@code since} days and alert days whatever order
 * they arrive in, and whichever partition their producer put them in.
 *
 * <p>Time order is the reference, delivered as it would be live (each event received a minute
 * after it happened) or as a backfill in time order. The other order is any shuffle of the same
 * events delivered as a backfill is, all received within a second, some in the wrong partition.
 * A backfill announces once its input has settled, so shuffled or not it sends the same alerts.
 * Live delivery announces a person's changes as they come: a rise later the same day gets an alert
 * of its own, and a step down of the morning that the evening takes back is announced and then
 * corrected. Live or backfill, the alerts must give the same level for every day.
 */
class OrderIndependenceProperties {

    private static final LocalDate LAST_DAY = LocalDate.of(2026, 11, 20);
    private static final int DAYS = 60;
    private static final Instant SYNCED = LAST_DAY.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    private static final List<String> PEOPLE = List.of("u-order-a", "u-order-b", "u-order-c");

    private Path stateDirs;

    @BeforeEach
    void createStateDirs() throws IOException {
        stateDirs = Files.createTempDirectory("order-independence");
    }

    @AfterEach
    void deleteStateDirs() throws IOException {
        try (var paths = Files.walk(stateDirs)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        }
    }

    /** One event of a history, as it happened; when it is received is up to the delivery. */
    private record Happened(
            String userId, UUID eventId, OffsetDateTime occurredAt, Function<Instant, ReflectEvent> at) {
        @Override
        public String toString() {
            return userId + "@" + occurredAt;
        }
    }

    /**
     * Every run of these properties is two topologies under a test driver: a failure is reported
     * with its seed at once rather than shrunk for minutes (a history from a seed shrinks to other
     * random histories, no smaller).
     */
    private static final int SHRINKS = 5;

    @Test
    void anyOrderGivesTheFiguresLevelsAndAlertDaysOfTimeOrder() {
        Coverage escalations = Coverage.of("escalations").atLeastPercent("someone escalated", 50);
        PropertyCheck.tries(25)
                .shrinkCycles(SHRINKS)
                .withCoverage(escalations)
                .forAll(histories(), Gens.longs(), (history, seed) -> {
                    Outcome live = run(inTimeOrder(history.events()), 1, true);
                    Outcome backfill = run(shuffled(history.events(), seed), 6, false);

                    for (String person : PEOPLE) {
                        assertThat(backfill.progress().get(person))
                                .as("figures and escalation of %s", person)
                                .isEqualTo(live.progress().get(person));
                        assertThat(announcedLevels(backfill.alerts(), person))
                                .as("the level the alerts give each day, %s", person)
                                .isEqualTo(announcedLevels(live.alerts(), person));
                        // Live, a change of the morning that the evening takes back is announced, and
                        // then corrected: the backfill sees the day whole and says nothing that day.
                        assertThat(alertDays(live.alerts(), person))
                                .as("the days of %s's alerts", person)
                                .containsAll(alertDays(backfill.alerts(), person));
                    }
                    escalations.collect(live.alerts().isEmpty() ? "nobody escalated" : "someone escalated");
                });
    }

    @Test
    void aBackfillInAnyOrderGivesTheAlertsOfTheSameBackfillInTimeOrder() {
        PropertyCheck.tries(20).shrinkCycles(SHRINKS).forAll(histories(), Gens.longs(), (history, seed) -> {
            Outcome inOrder = run(backfilled(inTimeOrder(history.events())), 1, false);
            Outcome shuffled = run(shuffled(history.events(), seed), 6, false);

            for (String person : PEOPLE) {
                assertThat(alertsOf(shuffled.alerts(), person))
                        .as("%s's alerts", person)
                        .isEqualTo(alertsOf(inOrder.alerts(), person));
            }
            assertThat(shuffled.progress()).isEqualTo(inOrder.progress());
        });
    }

    /** What a run left: each person's progress body over all kept days, and the alerts in order. */
    private record Outcome(Map<String, Object> progress, List<Alert> alerts) {}

    private Outcome run(List<ReflectEvent> events, int inputPartitions, boolean settleEachDay) {
        Path stateDir;
        try {
            stateDir = Files.createTempDirectory(stateDirs, "run");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (TopologyHarness reflect =
                new TopologyHarness(stateDir, TopologySettings.defaults(), PatternListener.NONE, inputPartitions)) {
            LocalDate day = null;
            for (ReflectEvent event : events) {
                if (settleEachDay && day != null && !event.localDay().equals(day)) {
                    reflect.settle();
                }
                day = event.localDay();
                if (event instanceof CheckIn checkIn) {
                    reflect.send(checkIn);
                } else {
                    reflect.send((JournalEntry) event);
                }
            }
            List<Alert> alerts = reflect.alerts();
            Map<String, Object> progress = new HashMap<>();
            for (String person : PEOPLE) {
                progress.put(person, reflect.state(person) == null ? null : reflect.progress(person, 90));
            }
            return new Outcome(progress, alerts);
        }
    }

    /** The level the alerts give each day of the history: the latest-dated alert on or before it, last sent wins. */
    private static Map<LocalDate, EscalationLevel> announcedLevels(List<Alert> alerts, String person) {
        TreeMap<LocalDate, EscalationLevel> announced = new TreeMap<>();
        alerts.stream()
                .filter(alert -> alert.userId().equals(person))
                .forEach(alert -> announced.put(alert.day(), alert.level()));
        Map<LocalDate, EscalationLevel> levels = new TreeMap<>();
        for (LocalDate day = LAST_DAY.minusDays(DAYS); !day.isAfter(LAST_DAY); day = day.plusDays(1)) {
            Map.Entry<LocalDate, EscalationLevel> entry = announced.floorEntry(day);
            levels.put(day, entry == null ? EscalationLevel.STEADY : entry.getValue());
        }
        return levels;
    }

    private static List<Alert> alertsOf(List<Alert> alerts, String person) {
        return alerts.stream().filter(alert -> alert.userId().equals(person)).toList();
    }

    private static NavigableSet<LocalDate> alertDays(List<Alert> alerts, String person) {
        TreeSet<LocalDate> days = new TreeSet<>();
        alerts.stream().filter(alert -> alert.userId().equals(person)).forEach(alert -> days.add(alert.day()));
        return days;
    }

    private static List<ReflectEvent> inTimeOrder(List<Happened> history) {
        List<Happened> ordered = new ArrayList<>(history);
        ordered.sort(Comparator.comparing((Happened h) -> h.occurredAt().toInstant()));
        return ordered.stream()
                .map(h -> h.at().apply(h.occurredAt().toInstant().plusSeconds(60)))
                .toList();
    }

    /** The same events received as a sync delivers them: one after the other, a millisecond apart. */
    private static List<ReflectEvent> backfilled(List<ReflectEvent> events) {
        List<ReflectEvent> received = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            ReflectEvent event = events.get(i);
            Instant at = SYNCED.plusMillis(i);
            received.add(event instanceof CheckIn c ? withReceivedAt(c, at) : withReceivedAt((JournalEntry) event, at));
        }
        return received;
    }

    private static List<ReflectEvent> shuffled(List<Happened> history, long seed) {
        List<Happened> order = new ArrayList<>(history);
        Collections.shuffle(order, new Random(seed));
        List<ReflectEvent> received = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            received.add(order.get(i).at().apply(SYNCED.plusMillis(i)));
        }
        return received;
    }

    private static CheckIn withReceivedAt(CheckIn c, Instant at) {
        return new CheckIn(
                c.eventId(),
                c.occurredAt(),
                c.context(),
                c.distress(),
                c.triggers(),
                c.behaviors(),
                c.coping(),
                c.note(),
                c.userId(),
                at);
    }

    private static JournalEntry withReceivedAt(JournalEntry e, Instant at) {
        return new JournalEntry(e.eventId(), e.occurredAt(), e.text(), e.thoughtRecord(), e.userId(), at);
    }

    /**
     * Sixty days of three people: most days a check-in or two with some reassurance asks and
     * triggers, now and then a device check or a controlling act, and journal entries, some with
     * a thought record. Asks come in spells, so people escalate and calm down again.
     */
    private static Gen<History> histories() {
        return Gens.fromRandom(random -> {
            List<Happened> history = new ArrayList<>();
            for (String person : PEOPLE) {
                int spellStart = random.nextInt(DAYS);
                int spellLength = 3 + random.nextInt(10);
                for (int d = 0; d < DAYS; d++) {
                    LocalDate day = LAST_DAY.minusDays(DAYS - 1L - d);
                    boolean spell = d >= spellStart && d < spellStart + spellLength;
                    int checkIns = random.nextInt(10) < 3 ? 0 : 1 + random.nextInt(2);
                    for (int c = 0; c < checkIns; c++) {
                        history.add(checkIn(random, person, day, c, spell));
                    }
                    if (random.nextInt(4) == 0) {
                        history.add(journal(random, person, day));
                    }
                }
            }
            return new History(history);
        });
    }

    /** A history, printed short: a failure says its seed, which repeats it. */
    private record History(List<Happened> events) {
        @Override
        public String toString() {
            return events.size() + " events of " + PEOPLE.size() + " people";
        }
    }

    private static Happened checkIn(Random random, String person, LocalDate day, int nth, boolean spell) {
        UUID eventId = new UUID(random.nextLong(), random.nextLong());
        OffsetDateTime at =
                OffsetDateTime.of(day, LocalTime.of(8 + 6 * nth, random.nextInt(60)), ZoneOffset.ofHours(1));
        List<Trigger> triggers = new ArrayList<>();
        for (int t = random.nextInt(spell ? 4 : 2); t > 0; t--) {
            triggers.add(new Trigger(TriggerCategory.values()[random.nextInt(TriggerCategory.values().length)], false));
        }
        List<Behavior> behaviors = new ArrayList<>();
        int asks = random.nextInt(spell ? 4 : 2);
        if (asks > 0) {
            behaviors.add(new Behavior(BehaviorType.SOUGHT_REASSURANCE, asks));
        }
        if (random.nextInt(spell ? 4 : 25) == 0) {
            behaviors.add(new Behavior(BehaviorType.CHECKED_DEVICE, 1));
        }
        if (random.nextInt(spell ? 30 : 400) == 0) {
            behaviors.add(new Behavior(BehaviorType.CONTROLLED, 1));
        }
        List<CopingStrategy> coping = random.nextBoolean() ? List.of(CopingStrategy.CHALLENGED_THOUGHT) : List.of();
        int distress = random.nextInt(11);
        return new Happened(
                person,
                eventId,
                at,
                receivedAt -> new CheckIn(
                        eventId,
                        at,
                        Context.ROMANTIC,
                        distress,
                        triggers,
                        behaviors,
                        coping,
                        null,
                        person,
                        receivedAt));
    }

    private static Happened journal(Random random, String person, LocalDate day) {
        UUID eventId = new UUID(random.nextLong(), random.nextLong());
        OffsetDateTime at = OffsetDateTime.of(day, LocalTime.of(21, random.nextInt(60)), ZoneOffset.ofHours(1));
        int before = 40 + random.nextInt(60);
        ThoughtRecord record = random.nextBoolean()
                ? new ThoughtRecord("thought", "for", "against", "balanced", before, random.nextInt(before + 1))
                : null;
        return new Happened(
                person, eventId, at, receivedAt -> new JournalEntry(eventId, at, "words", record, person, receivedAt));
    }
}
