package dev.reflect.streams.topology;

import static dev.reflect.streams.EventFixtures.checkIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.reflect.events.CheckIn;
import dev.reflect.streams.deadletter.DeadLetterReason;
import dev.reflect.streams.deadletter.DeadLetters;
import dev.reflect.streams.state.StateStores;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dedup store's retention and purge, through the real topology. */
class SeenEventsTopologyTest {

    private static final LocalDate D = LocalDate.of(2026, 11, 20);

    @TempDir
    Path stateDir;

    private final String user = "u-" + UUID.randomUUID();

    @Test
    void anIdReusedAtAnotherTimeWithinTheRetentionIsADuplicate() {
        try (TopologyHarness reflect = new TopologyHarness(stateDir)) {
            CheckIn old = checkIn(user, D.minusDays(90)).build();
            reflect.send(old, checkIn(user, D).build());

            reflect.send(checkIn(user, D).eventId(old.eventId()).build());

            assertThat(reflect.state(user).day(D).checkIns()).isEqualTo(1);
        }
    }

    @Test
    void anIdIsForgottenOnceTheLatestCountedEventIsBeyondTheRetention() {
        try (TopologyHarness reflect = new TopologyHarness(stateDir)) {
            CheckIn old = checkIn(user, D.minusDays(92)).build();
            reflect.send(old, checkIn(user, D).build());

            reflect.send(checkIn(user, D).eventId(old.eventId()).build());

            assertThat(reflect.state(user).day(D).checkIns()).isEqualTo(2);
        }
    }

    @Test
    void aRejectedRecordFromTheFarFutureExpiresNoId() {
        try (TopologyHarness reflect = new TopologyHarness(stateDir)) {
            CheckIn counted = checkIn(user, D).build();
            reflect.send(counted);
            // Dead-lettered as in-future, but it still moves the task's stream time a century on.
            reflect.send(checkIn(user, LocalDate.of(2126, 1, 1))
                    .receivedAt(counted.receivedAt())
                    .build());
            assertThat(reflect.deadLetters())
                    .singleElement()
                    .satisfies(letter -> assertThat(new String(
                                    letter.headers()
                                            .lastHeader(DeadLetters.REASON)
                                            .value(),
                                    StandardCharsets.UTF_8))
                            .isEqualTo(DeadLetterReason.IN_FUTURE.code()));

            reflect.send(checkIn(user, D).eventId(counted.eventId()).build());

            assertThat(reflect.state(user).day(D).checkIns()).isEqualTo(1);
        }
    }

    @Test
    void theWallClockPurgeDeletesOnlyExpiredIdsAndChangesNoResult() {
        try (TopologyHarness reflect = new TopologyHarness(stateDir)) {
            CheckIn expired = checkIn(user, D.minusDays(100)).build();
            CheckIn kept = checkIn(user, D.minusDays(10)).build();
            reflect.send(expired, kept, checkIn(user, D).build());
            assertThat(entries(reflect)).hasSize(4);

            reflect.driver.advanceWallClockTime(UserPatternAggregator.PURGE_INTERVAL);

            // The id at D-100 is gone; those at D-10 and D and the latest hour stay.
            assertThat(entries(reflect)).hasSize(3);
            reflect.send(
                    checkIn(user, D).eventId(kept.eventId()).build(),
                    checkIn(user, D).eventId(expired.eventId()).build());
            assertThat(reflect.state(user).day(D).checkIns()).isEqualTo(2);
        }
    }

    @Test
    void aPurgeLooksAtABoundedSliceAndGoesRoundTheStore() {
        try (TopologyHarness reflect = new TopologyHarness(stateDir)) {
            List<CheckIn> expired = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                expired.add(checkIn(user, D.minusDays(100 + i)).build());
            }
            reflect.send(expired.toArray(CheckIn[]::new));
            reflect.send(checkIn(user, D).build());
            KeyValueStore<Bytes, byte[]> store = reflect.driver.getKeyValueStore(StateStores.SEEN_EVENTS);
            SeenEvents seen = new SeenEvents(store, reflect.settings.seenEventsRetention());

            int deleted = 0;
            for (int pass = 0; pass < 3; pass++) {
                deleted += seen.purgeSome(3);
            }

            // 7 entries (5 expired, 1 live, the latest hour), 3 at a time: round the store once.
            assertThat(deleted).isEqualTo(5);
            assertThat(entries(reflect)).hasSize(2);
            assertThat(seen.purgeSome(3)).isZero();
        }
    }

    private static List<KeyValue<Bytes, byte[]>> entries(TopologyHarness reflect) {
        KeyValueStore<Bytes, byte[]> store = reflect.driver.getKeyValueStore(StateStores.SEEN_EVENTS);
        List<KeyValue<Bytes, byte[]>> all = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> iterator = store.all()) {
            iterator.forEachRemaining(all::add);
        }
        return all;
    }
}
