package dev.reflect.bench;

import dev.reflect.events.Behavior;
import dev.reflect.events.BehaviorType;
import dev.reflect.events.CheckIn;
import dev.reflect.events.Context;
import dev.reflect.events.CopingStrategy;
import dev.reflect.events.JournalEntry;
import dev.reflect.events.ThoughtRecord;
import dev.reflect.events.Trigger;
import dev.reflect.events.TriggerCategory;
import dev.reflect.streams.escalation.EscalationEvaluator;
import dev.reflect.streams.escalation.EscalationThresholds;
import dev.reflect.streams.state.StateStores;
import dev.reflect.streams.state.UserState;
import dev.reflect.streams.state.UserStateSerde;
import dev.reflect.streams.topology.TopologySettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Bytes per user in the streams app's two stores, three ways: the logical size of what the
 * stores hold (keys and serialized values, read through interactive queries while the app still
 * runs), the SST files RocksDB left on disk after a clean close (Kafka Streams writes RocksDB
 * uncompressed, without a WAL, and flushes on close), and a synthetic user with 90 days of data.
 */
final class StreamsStateSize {

    /** A dedup-store entry in RocksDB: the 16-byte digest and the 4-byte hour of occurredAt. */
    static final int SEEN_EVENT_BYTES = 16 + 4;

    /** What the stores held at the end of a throughput run. */
    record Logical(
            long users,
            long userStateKeyBytes,
            long userStateValueBytes,
            long maxUserStateBytes,
            long seenEvents,
            long seenEventBytes) {

        double userStatePerUser() {
            return users == 0 ? 0 : (userStateKeyBytes + userStateValueBytes) / (double) users;
        }

        double seenEventsPerUser() {
            return users == 0 ? 0 : seenEventBytes / (double) users;
        }
    }

    /** SST bytes per store after a clean close. */
    record OnDisk(long userStateSstBytes, long seenEventsSstBytes) {}

    /** The synthetic user: its serialized state and how many events it took. */
    record Synthetic(int days, int events, int userStateBytes) {

        /** What its event ids cost in the dedup store while they are all retained. */
        long seenEventBytes() {
            return (long) events * SEEN_EVENT_BYTES;
        }
    }

    private StreamsStateSize() {}

    static Logical logical(KafkaStreams streams) {
        ReadOnlyKeyValueStore<String, UserState> users = streams.store(
                StoreQueryParameters.fromNameAndType(StateStores.USER_STATE, QueryableStoreTypes.keyValueStore()));
        long count = 0;
        long keyBytes = 0;
        long valueBytes = 0;
        long max = 0;
        try (KeyValueIterator<String, UserState> all = users.all()) {
            while (all.hasNext()) {
                KeyValue<String, UserState> next = all.next();
                count++;
                keyBytes += next.key.getBytes(StandardCharsets.UTF_8).length;
                int size = UserStateSerde.serialize(next.value).length;
                valueBytes += size;
                max = Math.max(max, size);
            }
        }
        ReadOnlyKeyValueStore<Bytes, byte[]> seen = streams.store(
                StoreQueryParameters.fromNameAndType(StateStores.SEEN_EVENTS, QueryableStoreTypes.keyValueStore()));
        long entries = 0;
        long entryBytes = 0;
        try (KeyValueIterator<Bytes, byte[]> all = seen.all()) {
            while (all.hasNext()) {
                KeyValue<Bytes, byte[]> next = all.next();
                // Each task's latest-hour entry counts too: it is part of the store's cost.
                entries++;
                entryBytes += next.key.get().length + next.value.length;
            }
        }
        return new Logical(count, keyBytes, valueBytes, max, entries, entryBytes);
    }

    /** {@code applicationDir} is the application's directory under {@code state.dir}. */
    static OnDisk onDisk(Path applicationDir) {
        return new OnDisk(
                sstBytes(applicationDir, StateStores.USER_STATE), sstBytes(applicationDir, StateStores.SEEN_EVENTS));
    }

    /**
     * Every task's SST files of one store: a key-value store lives in {@code <task>/rocksdb/<store>},
     * the segments of a window store in {@code <task>/<store>/<segment>}.
     */
    private static long sstBytes(Path applicationDir, String store) {
        if (!Files.isDirectory(applicationDir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(applicationDir)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".sst"))
                    .filter(file -> {
                        Path relative = applicationDir.relativize(file);
                        return relative.getNameCount() >= 3
                                && (relative.getName(1).toString().equals(store)
                                        || (relative.getName(1).toString().equals("rocksdb")
                                                && relative.getName(2)
                                                        .toString()
                                                        .equals(store)));
                    })
                    .mapToLong(file -> {
                        try {
                            return Files.size(file);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A person with {@code days} days of data: one to three check-ins a day with a handful of
     * usual triggers, behaviours and coping strategies, a journal entry about every other day
     * (most with a thought record), counted and evaluated as the topology does, event by event.
     */
    static Synthetic syntheticUser(int days, long seed) {
        Random random = new Random(seed);
        List<TriggerCategory> usualTriggers = List.of(
                TriggerCategory.PARTNER_UNRESPONSIVE,
                TriggerCategory.PERCEIVED_SECRECY,
                TriggerCategory.SOCIAL_MEDIA,
                TriggerCategory.REMINDER_OF_PAST);
        List<BehaviorType> usualBehaviors = List.of(
                BehaviorType.SOUGHT_REASSURANCE,
                BehaviorType.QUESTIONED_MOTIVES,
                BehaviorType.WITHDREW,
                BehaviorType.CHECKED_DEVICE,
                BehaviorType.AVOIDED_SHARING);
        List<CopingStrategy> usualCoping = List.of(
                CopingStrategy.CHALLENGED_THOUGHT,
                CopingStrategy.SELF_CARE,
                CopingStrategy.OPEN_COMMUNICATION,
                CopingStrategy.ACKNOWLEDGED_FEELINGS);
        EscalationEvaluator evaluator = new EscalationEvaluator(
                EscalationThresholds.defaults(), TopologySettings.defaults().retentionDays());
        ZoneOffset offset = ZoneOffset.ofHours(1);
        LocalDate first = LocalDate.now(offset).minusDays(days - 1L);
        String userId = "synthetic-user";
        UserState state = UserState.empty();
        int events = 0;
        for (int d = 0; d < days; d++) {
            LocalDate day = first.plusDays(d);
            int checkIns = 1 + random.nextInt(3);
            for (int c = 0; c < checkIns; c++) {
                OffsetDateTime at = OffsetDateTime.of(day, LocalTime.of(8 + 4 * c, random.nextInt(60)), offset);
                List<Trigger> triggers = new ArrayList<>();
                for (int t = random.nextInt(3); t > 0; t--) {
                    triggers.add(
                            new Trigger(usualTriggers.get(random.nextInt(usualTriggers.size())), random.nextBoolean()));
                }
                List<Behavior> behaviors = new ArrayList<>();
                for (int b = random.nextInt(3); b > 0; b--) {
                    behaviors.add(new Behavior(
                            usualBehaviors.get(random.nextInt(usualBehaviors.size())), 1 + random.nextInt(4)));
                }
                List<CopingStrategy> coping =
                        random.nextBoolean() ? List.of(usualCoping.get(random.nextInt(usualCoping.size()))) : List.of();
                LocalDate firstDayBefore = state.firstDay();
                state.add(new CheckIn(
                        UUID.randomUUID(),
                        at,
                        Context.ROMANTIC,
                        random.nextInt(11),
                        triggers,
                        behaviors,
                        coping,
                        null,
                        userId,
                        at.toInstant().plusSeconds(30)));
                events++;
                evaluator.evaluate(state, day, firstDayBefore);
                evaluator.announce(userId, state);
            }
            if (random.nextBoolean()) {
                OffsetDateTime at = OffsetDateTime.of(day, LocalTime.of(21, 0), offset);
                int before = 40 + random.nextInt(60);
                ThoughtRecord record = random.nextInt(10) < 6
                        ? new ThoughtRecord("thought", null, null, null, before, random.nextInt(before + 1))
                        : null;
                LocalDate firstDayBefore = state.firstDay();
                state.add(new JournalEntry(
                        UUID.randomUUID(),
                        at,
                        "words",
                        record,
                        userId,
                        at.toInstant().plusSeconds(30)));
                events++;
                evaluator.evaluate(state, day, firstDayBefore);
                evaluator.announce(userId, state);
            }
        }
        state.pruneBefore(state.latestDay().minusDays(days - 1L));
        return new Synthetic(days, events, UserStateSerde.serialize(state).length);
    }
}
