package dev.reflect.streams.topology;

import static dev.reflect.events.BehaviorType.SOUGHT_REASSURANCE;
import static dev.reflect.streams.EventFixtures.checkIn;
import static dev.reflect.streams.EventFixtures.journal;
import static org.assertj.core.api.Assertions.assertThat;

import dev.reflect.events.Alert;
import dev.reflect.events.BehaviorType;
import dev.reflect.events.CheckIn;
import dev.reflect.events.CopingStrategy;
import dev.reflect.events.EscalationLevel;
import dev.reflect.events.JournalEntry;
import dev.reflect.events.ReflectEvent;
import dev.reflect.events.Topics;
import dev.reflect.events.TriggerCategory;
import dev.reflect.streams.deadletter.DeadLetterReason;
import dev.reflect.streams.progress.DayProgress;
import dev.reflect.streams.progress.Progress;
import dev.reflect.streams.progress.Window7d;
import dev.reflect.streams.state.StateStores;
import dev.reflect.streams.state.UserEntries;
import dev.reflect.streams.state.UserState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-user, per-local-day aggregation through the real topology. */
class AggregationTopologyTest {

    private static final LocalDate D = LocalDate.of(2026, 11, 20);

    @TempDir
    Path stateDir;

    private final String user = "u-" + UUID.randomUUID();

    @Test
    void aDuplicateEventIdIsCountedOnce() {
        try (TopologyHarness reflect = new TopologyHarness(stateDir)) {
            CheckIn asks = checkIn(user, D).behavior(SOUGHT_REASSURANCE, 5).build();
            // A client retry: same eventId, received again later.
            CheckIn retry = checkIn(user, D)
                    .eventId(asks.eventId())
                    .behavior(SOUGHT_REASSURANCE, 5)
                    .receivedAt(asks.receivedAt().plusSeconds(3600))
                    .build();

            reflect.send(asks, retry, asks);

            assertThat(reflect.state(user).day(D).checkIns()).isEqualTo(1);
            assertThat(reflect.state(user).day(D).reassuranceAsks()).isEqualTo(5);
            assertThat(reflect.alerts()).hasSize(1);
        }
    }

    @Test
    void aDuplicateIsRecognisedAfterMonthsOfOtherEvents() {
        try (TopologyHarness reflect = new TopologyHarness(stateDir)) {
            CheckIn first = checkIn(user, D.minusDays(80)).distress(9).build();
            reflect.send(first);
            for (int day = 79; day >= 0; day -= 5) {
                reflect.send(checkIn(user, D.minusDays(day)).build());
            }
            CheckIn lateRetry = checkIn(user, D.minusDays(80))
                    .eventId(first.eventId())
                    .distress(9)
                    .receivedAt(OffsetDateTime.of(D, java.time.LocalTime.NOON, java.time.ZoneOffset.UTC)
                            .toInstant())
                    .build();

            reflect.send(lateRetry);

            assertThat(reflect.state(user).day(D.minusDays(80)).checkIns()).isEqualTo(1);
        }
    }

    @Test
    void eventIdsAreScopedToTheirUser() {
        try (TopologyHarness reflect = new TopologyHarness(stateDir)) {
            String other = "u-" + UUID.randomUUID();
            CheckIn mine = checkIn(user, D).build();

            reflect.send(mine, checkIn(other, D).eventId(mine.eventId()).build());

            assertThat(reflect.state(user).day(D).checkIns()).isEqualTo(1);
            assertThat(reflect.state(other).day(D).checkIns()).isEqualTo(1);
        }
    }

    @Test
    void aJournalEntryWithTheIdOfACheckInIsADuplicate() {
        try (TopologyHarness reflect = new TopologyHarness(stateDir)) {
            CheckIn checkIn = checkIn(user, D).build();
            JournalEntry entry = journal(user, D, 80, 30);
            JournalEntry sameId = new JournalEntry(
                    checkIn.eventId(),
                    entry.occurredAt(),
                    entry.text(),
                    entry.thoughtRecord(),
                    user,
                    entry.receivedAt());

            reflect.send(checkIn).send(sameId);

            assertThat(reflect.state(user).day(D).thoughtRecords()).isZero();
        }
    }

    @Test
    void lateEventsLandInTheDayTheyHappened() {
        try (TopologyHarness reflect = new TopologyHarness(stateDir)) {
            reflect.send(checkIn(user, D).distress(2).build());
            // Synced a week late by an offline phone.
            CheckIn late = checkIn(user, D.minusDays(3))
                    .distress(8)
                    .trigger(TriggerCategory.PLANS_CHANGED)
                    .receivedAt(OffsetDateTime.of(D.plusDays(4), java.time.LocalTime.NOON, java.time.ZoneOffset.UTC)
                            .toInstant())
                    .build();

            reflect.send(late);

            Progress progress = reflect.progress(user, 7);
            assertThat(progress.asOf()).isEqualTo(D);
            DayProgress lateDay = progress.days().get(3);
            assertThat(lateDay.date()).isEqualTo(D.minusDays(3));
            assertThat(lateDay.checkIns()).isEqualTo(1);
            assertThat(lateDay.distressAvg()).isEqualTo(8.0);
            assertThat(lateDay.triggers()).isEqualTo(Map.of(TriggerCategory.PLANS_CHANGED, 1));
            assertThat(progress.days().get(6).distressAvg()).isEqualTo(2.0);
        }
    }

    @Test
    void aLateEventCanRaiseTheLevelOfTheLatestDay() {
        try (TopologyHarness reflect = new TopologyHarness(stateDir)) {
            reflect.send(
                    checkIn(user, D).behavior(SOUGHT_REASSURANCE, 3).build(),
                    checkIn(user, D.minusDays(2))
                            .behavior(SOUGHT_REASSURANCE, 2)
                            .build());

            assertThat(reflect.alerts()).singleElement().satisfies(alert -> {
                assertThat(alert.level()).isEqualTo(EscalationLevel.ELEVATED);
                // Past days and their alerts are never rewritten: the change is dated D.
                assertThat(alert.day()).isEqualTo(D);
            });
        }
    }

    @Test
    void outOfOrderEventsGiveTheSameFiguresAsInOrder(@TempDir Path otherStateDir) {
        List<CheckIn> inOrder = List.of(
                checkIn(user, D.minusDays(4))
                        .distress(1)
                        .trigger(TriggerCategory.OTHER)
                        .build(),
                checkIn(user, D.minusDays(2))
                        .distress(5)
                        .coping(CopingStrategy.SELF_CARE)
                        .build(),
                checkIn(user, D).distress(9).behavior(BehaviorType.WITHDREW, 2).build());
        UserState ordered;
        try (TopologyHarness reflect = new TopologyHarness(stateDir)) {
            inOrder.forEach(reflect::send);
            ordered = reflect.state(user);
        }
        try (TopologyHarness reflect = new TopologyHarness(otherStateDir)) {
            reflect.send(inOrder.get(2), inOrder.get(0), inOrder.get(1));

            assertThat(reflect.state(user).days()).isEqualTo(ordered.days());
            assertThat(reflect.state(user).firstDay()).isEqualTo(D.minusDays(4));
        }
    }

    @Test
    void eventsAreBucketedByTheLocalDayOfTheirOwnOffset() {
        try (TopologyHarness reflect = new TopologyHarness(stateDir)) {
            // 07:30 UTC on the 27th, but 23:30 on the 26th where it happened.
            reflect.send(checkIn(user, OffsetDateTime.parse("2026-11-26T23:30-08:00"))
                    .distress(6)
                    .build());
            // 10:30 UTC on the 26th, but already the 27th in Kiribati.
            reflect.send(checkIn(user, OffsetDateTime.parse("2026-11-27T00:30+14:00"))
                    .distress(2)
                    .build());
            reflect.send(checkIn(user, OffsetDateTime.parse("2026-11-27T00:10+00:00"))
                    .distress(4)
                    .build());

            UserState state = reflect.state(user);
            assertThat(state.days().keySet())
                    .containsExactly(LocalDate.parse("2026-11-26"), LocalDate.parse("2026-11-27"));
            assertThat(state.day(LocalDate.parse("2026-11-26")).distressSum()).isEqualTo(6);
            assertThat(state.day(LocalDate.parse("2026-11-27")).checkIns()).isEqualTo(2);
        }
    }

    @Test
    void progressFiguresOfTheWindow() {
        try (TopologyHarness reflect = new TopologyHarness(stateDir)) {
            reflect.send(
                    checkIn(user, D.minusDays(1))
                            .distress(4)
                            .trigger(TriggerCategory.SOCIAL_MEDIA)
                            .trigger(TriggerCategory.PARTNER_UNRESPONSIVE)
                            .coping(CopingStrategy.CHALLENGED_THOUGHT)
                            .behavior(SOUGHT_REASSURANCE, 2)
                            .build(),
                    checkIn(user, D)
                            .distress(7)
                            .trigger(TriggerCategory.SOCIAL_MEDIA)
                            .coping(CopingStrategy.SELF_CARE)
                            .coping(CopingStrategy.OPEN_COMMUNICATION)
                            .behavior(BehaviorType.CHECKED_DEVICE, 1)
                            .build(),
                    checkIn(user, D).distress(6).build());
            reflect.send(journal(user, D, 80, 35), journal(user, D.minusDays(1), 60, 45), journal(user, D, null, null));

            Progress progress = reflect.progress(user, 2);

            // 3 coping actions over 3 triggers; distress (4+7+6)/3; belief shifts -45 and -15.
            assertThat(progress.window7d()).isEqualTo(new Window7d(3, 3, 2, 1, 0, 1.0, 5.7, -30.0));
            DayProgress today = progress.days().get(1);
            assertThat(today.thoughtRecords()).isEqualTo(1);
            assertThat(today.beliefShiftAvg()).isEqualTo(-45.0);
            assertThat(today.distressAvg()).isEqualTo(6.5);
            assertThat(today.coping()).containsOnlyKeys(CopingStrategy.SELF_CARE, CopingStrategy.OPEN_COMMUNICATION);
        }
    }

    @Test
    void aJournalEntryAloneMakesADayWithData() {
        try (TopologyHarness reflect = new TopologyHarness(stateDir)) {
            reflect.send(checkIn(user, D).build()).send(journal(user, D.plusDays(2), null, null));

            UserState state = reflect.state(user);
            assertThat(state.latestDay()).isEqualTo(D.plusDays(2));
            assertThat(state.day(D.plusDays(2)).journalEntries()).isEqualTo(1);
            assertThat(reflect.progress(user, 1).days().get(0).checkIns()).isZero();
        }
    }

    @Test
    void keepsNinetyDaysPerUserButRemembersTheFirstDay() {
        try (TopologyHarness reflect = new TopologyHarness(stateDir)) {
            reflect.send(
                    checkIn(user, D.minusDays(95)).build(),
                    checkIn(user, D.minusDays(90)).build(),
                    checkIn(user, D.minusDays(89)).build(),
                    checkIn(user, D).build());

            UserState state = reflect.state(user);
            assertThat(state.days().keySet()).containsExactly(D.minusDays(89), D);
            assertThat(state.firstDay()).isEqualTo(D.minusDays(95));
        }
    }

    @Test
    void storesAreFaultTolerant() {
        assertThat(StateStores.userState().loggingEnabled()).isTrue();
        assertThat(StateStores.seenEvents().loggingEnabled()).isTrue();
        try (TopologyHarness reflect = new TopologyHarness(stateDir)) {
            assertThat(reflect.driver.getKeyValueStore(StateStores.USER_STATE).persistent())
                    .isTrue();
            assertThat(reflect.driver.getKeyValueStore(StateStores.SEEN_EVENTS).persistent())
                    .isTrue();
        }
        assertThat(TopologySettings.defaults().seenEventsRetention())
                .isGreaterThan(TopologySettings.defaults().maxEventAge());
    }

    @Test
    void everyCountedEventIsKeptAsStoredForReadingBackOnce() {
        try (TopologyHarness reflect = new TopologyHarness(stateDir)) {
            CheckIn checkIn = checkIn(user, D).behavior(SOUGHT_REASSURANCE, 2).build();
            JournalEntry entry = journal(user, D, 80, 30);
            reflect.send(checkIn, checkIn).send(entry);
            reflect.send(checkIn(other(), D).build());

            List<UserEntries.Entry> kept =
                    UserEntries.of(reflect.driver.getKeyValueStore(StateStores.USER_ENTRIES), user);

            assertThat(kept)
                    .extracting(UserEntries.Entry::eventId)
                    .containsExactlyInAnyOrder(checkIn.eventId(), entry.eventId());
            UserEntries.Entry storedCheckIn = kept.stream()
                    .filter(e -> e.eventId().equals(checkIn.eventId()))
                    .findFirst()
                    .orElseThrow();
            assertThat(storedCheckIn.kind()).isEqualTo(UserEntries.Kind.CHECK_IN);
            assertThat(storedCheckIn.localDay()).isEqualTo(D);
            assertThat(storedCheckIn.stored())
                    .isEqualTo(Topics.CHECKINS.valueSerde().serializer().serialize("t", checkIn));
        }
    }

    private static String other() {
        return "u-" + UUID.randomUUID();
    }

    @Test
    void theListenerHearsWhatHappened() {
        RecordingListener listener = new RecordingListener();
        try (TopologyHarness reflect = new TopologyHarness(stateDir, TopologySettings.defaults(), listener)) {
            CheckIn asks = checkIn(user, D).behavior(SOUGHT_REASSURANCE, 5).build();
            reflect.send(asks, asks);
            reflect.sendRawCheckIn(
                    user.getBytes(StandardCharsets.UTF_8), "nope".getBytes(StandardCharsets.UTF_8), null);
            reflect.settle();

            assertThat(listener.counted).containsExactly(asks);
            assertThat(listener.duplicates).containsExactly(asks);
            assertThat(listener.rejected).containsExactly(DeadLetterReason.NOT_JSON);
            assertThat(listener.alerts).extracting(Alert::level).containsExactly(EscalationLevel.ELEVATED);
            assertThat(listener.updatedUsers).containsExactly(user);
        }
    }

    @Test
    void aThrowingListenerNeverFailsARecord() {
        PatternListener broken = new PatternListener() {
            @Override
            public void counted(ReflectEvent event) {
                throw new IllegalStateException("metrics down");
            }
        };
        try (TopologyHarness reflect = new TopologyHarness(stateDir, TopologySettings.defaults(), broken)) {
            reflect.send(checkIn(user, D).behavior(SOUGHT_REASSURANCE, 5).build());

            assertThat(reflect.state(user).day(D).checkIns()).isEqualTo(1);
            assertThat(reflect.alerts()).hasSize(1);
            assertThat(reflect.deadLetters()).isEmpty();
        }
    }

    private static final class RecordingListener implements PatternListener {
        final List<ReflectEvent> counted = new CopyOnWriteArrayList<>();
        final List<ReflectEvent> duplicates = new CopyOnWriteArrayList<>();
        final List<DeadLetterReason> rejected = new CopyOnWriteArrayList<>();
        final List<Alert> alerts = new CopyOnWriteArrayList<>();
        final List<String> updatedUsers = new CopyOnWriteArrayList<>();

        @Override
        public void counted(ReflectEvent event) {
            counted.add(event);
        }

        @Override
        public void duplicate(ReflectEvent event) {
            duplicates.add(event);
        }

        @Override
        public void rejected(DeadLetterReason reason) {
            rejected.add(reason);
        }

        @Override
        public void alerted(Alert alert) {
            alerts.add(alert);
        }

        @Override
        public void userUpdated(ReflectEvent event, UserState state) {
            updatedUsers.add(event.userId());
        }
    }
}
