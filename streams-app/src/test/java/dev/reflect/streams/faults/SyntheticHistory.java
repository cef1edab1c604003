package dev.reflect.streams.faults;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reflect.events.Behavior;
import dev.reflect.events.BehaviorType;
import dev.reflect.events.CheckIn;
import dev.reflect.events.Context;
import dev.reflect.events.CopingStrategy;
import dev.reflect.events.JournalEntry;
import dev.reflect.events.Json;
import dev.reflect.events.ReflectEvent;
import dev.reflect.events.ThoughtRecord;
import dev.reflect.events.Topics;
import dev.reflect.events.Trigger;
import dev.reflect.events.TriggerCategory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

/**
 * A deterministic history of many users over several weeks: check-ins and journal entries (most
 * with a thought record), users who escalate (reassurance doubling, device checking, controlling,
 * trigger surges) and calm down again, young users on the default baseline, offline check-ins
 * synced days late, client retries (a second copy of an event, same eventId, later receivedAt) and
 * poison records of every kind the topology dead-letters.
 *
 * <p>{@link #records()} is the production order: the order the events reached the ingest service
 * on the history's timeline. They are stamped as received now, a millisecond apart in that order,
 * as if the whole backlog were being synced: an input or alert record weeks old by its Kafka
 * timestamp would be deleted by the topics' 7-day retention while the test runs.
 *
 * <p>Each run of the app reads these very records, all on the broker before it starts, and Kafka
 * Streams merges the two input topics of a task in timestamp order (occurredAt) for records already
 * on the broker: each user's events are processed in the same order in every run and after every
 * restart. Journal entries are written in the evening (22:00-22:50 local time), after the day's
 * check-ins (at most 20:50). An unparseable record has no occurredAt and falls back to its Kafka
 * timestamp, now: the journal entries behind it wait until the task's check-ins are done.
 *
 * <p>{@link #expectedDays()} counts the accepted events per user and local day straight from the
 * generated events (first copy of an eventId only, poison left out): an expectation computed
 * without any of the app's code.
 */
final class SyntheticHistory {

    /** The scenario a user lives through; each escalation episode lasts {@link #EPISODE_DAYS} days. */
    enum Episode {
        NONE,
        REASSURANCE,
        DEVICE_CHECKING,
        CONTROLLING,
        TRIGGER_SURGE
    }

    /** What the topology must dead-letter, one kind per poison record. */
    enum Poison {
        NOT_JSON,
        INVALID_SCHEMA,
        KEY_MISMATCH,
        TOO_OLD,
        NULL_KEY
    }

    /** One record to produce: raw bytes, so poison and valid records go the same way. */
    record InputRecord(String topic, byte[] key, byte[] value, long timestamp) {}

    /** The independent per-day figures of one user. */
    static final class DayFigures {
        int checkIns;
        int distressSum;
        int triggers;
        int reassuranceAsks;
        int deviceChecks;
        int controlling;
        int thoughtRecords;
        int beliefShiftSum;
    }

    static final int DAYS = 42;
    static final int EPISODE_DAYS = 4;
    private static final int YOUNG_USER_START = DAYS - 14;
    private static final ZoneOffset[] OFFSETS = {
        ZoneOffset.ofHours(-8),
        ZoneOffset.ofHours(-5),
        ZoneOffset.UTC,
        ZoneOffset.ofHours(1),
        ZoneOffset.ofHoursMinutes(5, 30),
        ZoneOffset.ofHours(9)
    };
    private static final Duration SYNC_DELAY = Duration.ofSeconds(45);
    private static final BehaviorType[] EVERYDAY_BEHAVIOURS = {
        BehaviorType.WITHDREW,
        BehaviorType.QUESTIONED_MOTIVES,
        BehaviorType.AVOIDED_SHARING,
        BehaviorType.PICKED_CONFLICT
    };

    private final List<String> users = new ArrayList<>();
    private final Map<String, Episode> episodes = new LinkedHashMap<>();
    private final List<Planned> planned = new ArrayList<>();
    private final List<Made> made = new ArrayList<>();
    private final Map<Poison, Integer> poisonCounts = new TreeMap<>();
    private int duplicates;
    private int lateCheckIns;
    private int sequence;

    private SyntheticHistory() {}

    /**
     * @param userPrefix makes the user ids unique to one test execution
     * @param firstDay   the first local day of the history; it spans {@link #DAYS} days
     * @param receivedAt the receivedAt of the first record; each next one is a millisecond later
     */
    static SyntheticHistory generate(
            String userPrefix, int userCount, long seed, LocalDate firstDay, Instant receivedAt) {
        SyntheticHistory history = new SyntheticHistory();
        for (int i = 0; i < userCount; i++) {
            history.users.add(userPrefix + "-u" + String.format(Locale.ROOT, "%03d", i));
        }
        for (int i = 0; i < userCount; i++) {
            history.user(i, new Random(seed * 1_000_003L + i), firstDay);
        }
        history.planned.sort(Comparator.comparing(Planned::position).thenComparingInt(Planned::sequence));
        for (int i = 0; i < history.planned.size(); i++) {
            history.made.add(history.planned.get(i).make().apply(receivedAt.plusMillis(i)));
        }
        return history;
    }

    List<String> users() {
        return List.copyOf(users);
    }

    Episode episode(String userId) {
        return episodes.get(userId);
    }

    /** In production order. */
    List<InputRecord> records() {
        return made.stream().map(Made::record).toList();
    }

    Map<Poison, Integer> poisonCounts() {
        return Map.copyOf(poisonCounts);
    }

    int poisonRecords() {
        return poisonCounts.values().stream().mapToInt(Integer::intValue).sum();
    }

    int duplicates() {
        return duplicates;
    }

    int lateCheckIns() {
        return lateCheckIns;
    }

    /** Accepted events per user and local day, each eventId counted once. */
    Map<String, NavigableMap<LocalDate, DayFigures>> expectedDays() {
        Map<String, NavigableMap<LocalDate, DayFigures>> days = new LinkedHashMap<>();
        users.forEach(user -> days.put(user, new TreeMap<>()));
        Set<String> seen = new HashSet<>();
        for (Made m : made) {
            if (m.event() == null
                    || !seen.add(m.event().userId() + "|" + m.event().eventId())) {
                continue;
            }
            DayFigures day =
                    days.get(m.event().userId()).computeIfAbsent(m.event().localDay(), d -> new DayFigures());
            if (m.event() instanceof CheckIn checkIn) {
                day.checkIns++;
                day.distressSum += checkIn.distress();
                day.triggers += checkIn.triggers().size();
                day.reassuranceAsks += checkIn.countOf(BehaviorType.SOUGHT_REASSURANCE);
                day.deviceChecks += checkIn.countOf(BehaviorType.CHECKED_DEVICE);
                day.controlling += checkIn.countOf(BehaviorType.CONTROLLED);
            } else if (m.event() instanceof JournalEntry entry && entry.thoughtRecord() != null) {
                day.thoughtRecords++;
                day.beliefShiftSum += entry.thoughtRecord().beliefShift();
            }
        }
        return days;
    }

    private void user(int index, Random random, LocalDate firstDay) {
        String userId = users.get(index);
        ZoneOffset offset = OFFSETS[index % OFFSETS.length];
        Episode episode = switch (index % 10) {
            case 4, 5 -> Episode.REASSURANCE;
            case 6, 7 -> Episode.DEVICE_CHECKING;
            case 8 -> Episode.CONTROLLING;
            case 9 -> Episode.TRIGGER_SURGE;
            default -> Episode.NONE;
        };
        episodes.put(userId, episode);
        boolean young = index % 7 == 3;
        int start = young ? YOUNG_USER_START : 0;
        // Late enough for an established baseline, early enough to calm down (7 + 3 days) before the end.
        int episodeStart = young ? start + 5 + random.nextInt(3) : 14 + random.nextInt(9);
        // A relapse after calming down; none when it would start after the history ends.
        int secondEpisodeStart = !young && episode != Episode.NONE && random.nextInt(3) == 0
                ? episodeStart + 13 + random.nextInt(4)
                : DAYS;
        int poisonDay = index % 2 == 0 ? start + 2 + random.nextInt(DAYS - start - 3) : DAYS;

        for (int d = start; d < DAYS; d++) {
            LocalDate date = firstDay.plusDays(d);
            Episode today = d >= episodeStart && d < episodeStart + EPISODE_DAYS
                    ? episode
                    : d >= secondEpisodeStart && d < secondEpisodeStart + EPISODE_DAYS
                            ? Episode.REASSURANCE
                            : Episode.NONE;
            boolean episodeFirstDay = d == episodeStart;

            event(random, checkIn(random, userId, at(date, 8, 0, 120, offset, random), today, episodeFirstDay));
            if (random.nextInt(100) < 50) {
                event(random, checkIn(random, userId, at(date, 13, 0, 120, offset, random), today, false));
            }
            if (random.nextInt(100) < 35) {
                event(random, checkIn(random, userId, at(date, 19, 0, 110, offset, random), today, false));
            }
            if (random.nextInt(100) < 40) {
                event(random, journal(random, userId, at(date, 22, 0, 50, offset, random)));
            }
            if (d - 2 >= start && random.nextInt(100) < 4) {
                // Offline: written two days ago in the afternoon, synced today after the morning check-in.
                OffsetDateTime occurred = at(date.minusDays(2), 15, 0, 60, offset, random);
                add(
                        at(date, 12, 0, 50, offset, random).toInstant(),
                        checkIn(random, userId, occurred, Episode.NONE, false));
                lateCheckIns++;
            }
            if (d == poisonDay) {
                poison(
                        index,
                        random,
                        userId,
                        at(date, 11, 0, 50, offset, random).toInstant());
            }
        }
    }

    private static OffsetDateTime at(
            LocalDate date, int hour, int minute, int spreadMinutes, ZoneOffset offset, Random random) {
        LocalTime time = LocalTime.of(hour, minute)
                .plusMinutes(random.nextInt(spreadMinutes))
                .plusSeconds(random.nextInt(60));
        return OffsetDateTime.of(date, time, offset);
    }

    /**
     * A valid event arriving shortly after it happened, and now and then the client's retry of it
     * (same eventId, arriving later).
     */
    private void event(Random random, ReflectEvent event) {
        Instant arrival = event.occurredAt().toInstant().plus(SYNC_DELAY);
        add(arrival, event);
        if (random.nextInt(100) < 3) {
            Duration delay = random.nextBoolean()
                    ? Duration.ofSeconds(20 + random.nextInt(280))
                    : Duration.ofDays(1).plusSeconds(random.nextInt(3600));
            add(arrival.plus(delay), event);
            duplicates++;
        }
    }

    private CheckIn checkIn(
            Random random, String userId, OffsetDateTime occurredAt, Episode episode, boolean episodeFirstDay) {
        List<Trigger> triggers = new ArrayList<>();
        int triggerCount = switch (episode) {
            case TRIGGER_SURGE -> 3 + random.nextInt(3);
            case NONE -> random.nextInt(100) < 35 ? 1 : 0;
            default -> 1 + random.nextInt(2);
        };
        for (int i = 0; i < triggerCount; i++) {
            triggers.add(new Trigger(pick(random, TriggerCategory.values()), random.nextInt(4) == 0));
        }
        List<Behavior> behaviors = new ArrayList<>();
        switch (episode) {
            case REASSURANCE -> behaviors.add(new Behavior(BehaviorType.SOUGHT_REASSURANCE, 2 + random.nextInt(3)));
            case DEVICE_CHECKING -> {
                behaviors.add(new Behavior(BehaviorType.SOUGHT_REASSURANCE, 1 + random.nextInt(2)));
                behaviors.add(new Behavior(BehaviorType.CHECKED_DEVICE, 1 + random.nextInt(2)));
            }
            case CONTROLLING -> {
                behaviors.add(new Behavior(BehaviorType.SOUGHT_REASSURANCE, 1 + random.nextInt(2)));
                if (episodeFirstDay) {
                    behaviors.add(new Behavior(BehaviorType.ACCUSED, 1));
                    behaviors.add(new Behavior(BehaviorType.CONTROLLED, 1));
                }
            }
            default -> {
                if (random.nextInt(100) < 12) {
                    behaviors.add(new Behavior(BehaviorType.SOUGHT_REASSURANCE, 1));
                }
            }
        }
        if (random.nextInt(100) < 25) {
            behaviors.add(new Behavior(pick(random, EVERYDAY_BEHAVIOURS), 1 + random.nextInt(2)));
        }
        EnumSet<CopingStrategy> coping = EnumSet.noneOf(CopingStrategy.class);
        for (int i = random.nextInt(3); i > 0; i--) {
            coping.add(pick(random, CopingStrategy.values()));
        }
        int distress = episode == Episode.NONE ? 1 + random.nextInt(5) : 5 + random.nextInt(5);
        String note = random.nextInt(5) == 0 ? "a private note that must never reach a log" : null;
        return new CheckIn(
                eventId(random),
                occurredAt,
                pick(random, Context.values()),
                distress,
                triggers,
                behaviors,
                List.copyOf(coping),
                note,
                userId,
                null);
    }

    private static JournalEntry journal(Random random, String userId, OffsetDateTime occurredAt) {
        ThoughtRecord thought = null;
        if (random.nextInt(100) < 70) {
            int before = 50 + random.nextInt(46);
            int after = Math.max(0, Math.min(100, before - 40 + random.nextInt(50)));
            thought = new ThoughtRecord(
                    "They didn't answer, so they must be with someone else",
                    "no reply for hours",
                    "they told me about the meeting",
                    "they are busy, not gone",
                    before,
                    after);
        }
        return new JournalEntry(eventId(random), occurredAt, "private journal text", thought, userId, null);
    }

    private void poison(int index, Random random, String userId, Instant arrival) {
        Poison kind = Poison.values()[(index / 2) % Poison.values().length];
        OffsetDateTime occurredAt = arrival.minus(SYNC_DELAY).atOffset(ZoneOffset.UTC);
        CheckIn valid = checkIn(random, userId, occurredAt, Episode.NONE, false);
        byte[] key = userId.getBytes(StandardCharsets.UTF_8);
        String someoneElse = users.get((index + 1) % users.size());
        Function<Instant, InputRecord> make = switch (kind) {
            case NOT_JSON ->
                receivedAt -> new InputRecord(
                        Topics.JOURNAL.name(),
                        key,
                        "{\"eventId\": truncated".getBytes(StandardCharsets.UTF_8),
                        receivedAt.toEpochMilli());
            case INVALID_SCHEMA ->
                receivedAt -> {
                    ObjectNode tree = Json.mapper().valueToTree(valid.received(userId, receivedAt));
                    tree.put("distress", 11);
                    return new InputRecord(Topics.CHECKINS.name(), key, bytes(tree), receivedAt.toEpochMilli());
                };
            case KEY_MISMATCH ->
                receivedAt -> new InputRecord(
                        Topics.CHECKINS.name(),
                        key,
                        serialize(valid.received(someoneElse, receivedAt)),
                        receivedAt.toEpochMilli());
            case TOO_OLD ->
                receivedAt -> new InputRecord(
                        Topics.CHECKINS.name(),
                        key,
                        serialize(new CheckIn(
                                valid.eventId(),
                                receivedAt.minus(Duration.ofDays(100)).atOffset(ZoneOffset.UTC),
                                valid.context(),
                                valid.distress(),
                                valid.triggers(),
                                valid.behaviors(),
                                valid.coping(),
                                null,
                                userId,
                                receivedAt)),
                        receivedAt.toEpochMilli());
            case NULL_KEY ->
                receivedAt -> new InputRecord(
                        Topics.CHECKINS.name(),
                        null,
                        serialize(valid.received(userId, receivedAt)),
                        receivedAt.toEpochMilli());
        };
        planned.add(new Planned(arrival, sequence++, receivedAt -> new Made(make.apply(receivedAt), null)));
        poisonCounts.merge(kind, 1, Integer::sum);
    }

    /** {@code event} (its receivedAt not set yet) arriving at {@code arrival} on the history's timeline. */
    private void add(Instant arrival, ReflectEvent event) {
        String topic = event instanceof CheckIn ? Topics.CHECKINS.name() : Topics.JOURNAL.name();
        byte[] key = event.userId().getBytes(StandardCharsets.UTF_8);
        planned.add(new Planned(arrival, sequence++, receivedAt -> {
            ReflectEvent received = event instanceof CheckIn checkIn
                    ? checkIn.received(checkIn.userId(), receivedAt)
                    : ((JournalEntry) event).received(event.userId(), receivedAt);
            return new Made(new InputRecord(topic, key, serialize(received), receivedAt.toEpochMilli()), received);
        }));
    }

    private static byte[] serialize(ReflectEvent event) {
        return event instanceof CheckIn checkIn
                ? Topics.CHECKINS.valueSerde().serializer().serialize(Topics.CHECKINS.name(), checkIn)
                : Topics.JOURNAL.valueSerde().serializer().serialize(Topics.JOURNAL.name(), (JournalEntry) event);
    }

    private static byte[] bytes(ObjectNode tree) {
        try {
            return Json.mapper().writeValueAsBytes(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static UUID eventId(Random random) {
        byte[] name = new byte[16];
        random.nextBytes(name);
        return UUID.nameUUIDFromBytes(name);
    }

    private static <T> T pick(Random random, T[] values) {
        return values[random.nextInt(values.length)];
    }

    /** A record at its place on the history's timeline, made once its receivedAt is known. */
    private record Planned(Instant position, int sequence, Function<Instant, Made> make) {}

    /** A record to produce and the event it carries; {@code event} is null for poison. */
    private record Made(InputRecord record, ReflectEvent event) {}
}
