package dev.reflect.simulator.persona;

import dev.reflect.events.Behavior;
import dev.reflect.events.BehaviorType;
import dev.reflect.events.CheckIn;
import dev.reflect.events.Context;
import dev.reflect.events.CopingStrategy;
import dev.reflect.events.JournalEntry;
import dev.reflect.events.ReflectEvent;
import dev.reflect.events.ThoughtRecord;
import dev.reflect.events.Trigger;
import dev.reflect.events.TriggerCategory;
import dev.reflect.simulator.persona.DayLedger.Measure;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * One simulated person's events: first a {@link #history} of {@code historyDays} local days
 * ending today, then {@link #liveEvent live events} as time goes on. Events are client bodies
 * (no userId, no receivedAt), valid under contract section 3.
 *
 * <p>Calm personas are held below the floors of the escalation rules' default thresholds
 * (contract section 5) in every 7-day window: at most 4 reassurance asks (ELEVATED needs 5),
 * 6 triggers (7) and 1 device check (HIGH needs 3, or 1 while ELEVATED, which never holds), and
 * never controlling. Escalating personas look like that too until the last {@value #RAMP_DAYS}
 * days, when reassurance asks climb to about 16 in 5 days - twice any baseline a calm month can
 * give is at most 8 - and, by persona, device checks (4) and controlling acts (2) join them;
 * triggers keep under their floor throughout, so the level comes from the persona's own rule. The
 * climb sits in the last 5 days rather than the full 7 so the level still holds for a few days
 * after the history ends, while live traffic adds more of the same.
 *
 * <p>Not thread-safe: one thread at a time (the seeding worker, then the live scheduler).
 */
public final class UserSimulation {

    static final int WINDOW_DAYS = 7;
    static final int CALM_MAX_ASKS = 4;
    static final int CALM_MAX_TRIGGERS = 6;
    static final int CALM_MAX_DEVICE_CHECKS = 1;
    static final int RAMP_DAYS = 5;

    /** Reassurance asks on the ramp days, by days before the end of history (index 0 = today). */
    private static final int[] RAMP_ASKS = {4, 4, 3, 3, 2};

    private static final int[] RAMP_DEVICE_CHECKS = {1, 2, 0, 1, 0};
    private static final int[] RAMP_CONTROLLING = {1, 1, 0, 0, 0};

    private static final List<TriggerCategory> TRIGGER_WEIGHTS = weighted();

    /** The history of one user, each list oldest first. */
    public record History(List<CheckIn> checkIns, List<JournalEntry> journalEntries) {

        public History {
            checkIns = List.copyOf(checkIns);
            journalEntries = List.copyOf(journalEntries);
        }

        public int size() {
            return checkIns.size() + journalEntries.size();
        }
    }

    /** How a persona behaves on a day, as expected values. */
    private record Profile(
            double asks,
            double triggers,
            double deviceChecks,
            double copingPerTrigger,
            double distress,
            double journalChance,
            double beliefShift,
            double behaviorScale) {}

    private final SimulatedUser user;
    private final Persona persona;
    private final int historyDays;
    private final Random random;
    private final Random liveIds;
    private final DayLedger ledger = new DayLedger(WINDOW_DAYS);

    /**
     * @param liveIdSalt mixed into the ids of live events only: history ids follow from the seed,
     *                   so seeding the same stack twice is idempotent, while a restarted simulator's
     *                   live events must not look like retries of the last run's
     */
    public UserSimulation(SimulatedUser user, int historyDays, long liveIdSalt) {
        this.user = Objects.requireNonNull(user, "user");
        if (historyDays < WINDOW_DAYS) {
            throw new IllegalArgumentException("historyDays must be at least " + WINDOW_DAYS);
        }
        this.persona = user.persona();
        this.historyDays = historyDays;
        this.random = new Random(user.seed());
        this.liveIds = new Random(user.seed() ^ liveIdSalt);
    }

    public SimulatedUser user() {
        return user;
    }

    /** The user's events of the {@code historyDays} local days up to and including today, none after {@code now}. */
    public History history(Instant now) {
        LocalDate today = today(now);
        List<CheckIn> checkIns = new ArrayList<>();
        List<JournalEntry> journal = new ArrayList<>();
        for (int k = historyDays - 1; k >= 0; k--) {
            double progress = 1.0 - k / (double) (historyDays - 1);
            generateDay(today.minusDays(k), k, progress, k == historyDays - 1, now, checkIns, journal);
        }
        return new History(checkIns, journal);
    }

    /** One event happening at {@code now}: a journal entry or a check-in in the persona's current pattern. */
    public ReflectEvent liveEvent(Instant now, boolean journalEntry) {
        LocalDate today = today(now);
        ledger.forgetBefore(today);
        OffsetDateTime at = now.truncatedTo(ChronoUnit.SECONDS).atOffset(user.offset());
        Profile profile = profile(1.0, persona.escalating());
        if (journalEntry) {
            return journalEntry(at, profile, liveId());
        }
        int asks;
        int triggers;
        int deviceChecks = 0;
        int controlling = 0;
        if (persona.escalating()) {
            asks = 1 + random.nextInt(persona == Persona.REASSURANCE_DOUBLING ? 3 : 2);
            triggers = ledger.allowance(today, Measure.TRIGGERS, random.nextInt(3), CALM_MAX_TRIGGERS);
            if (persona != Persona.REASSURANCE_DOUBLING) {
                deviceChecks = random.nextDouble() < 0.5 ? 1 : 0;
            }
            if (persona == Persona.CONTROLLING) {
                controlling = random.nextDouble() < 0.3 ? 1 : 0;
            }
        } else {
            // A check-in is one of a day's one or two, so it carries about half a day's expectation.
            asks = ledger.allowance(today, Measure.REASSURANCE_ASKS, poisson(profile.asks() / 1.5), CALM_MAX_ASKS);
            triggers = ledger.allowance(today, Measure.TRIGGERS, poisson(profile.triggers() / 1.5), CALM_MAX_TRIGGERS);
        }
        record(today, asks, triggers, deviceChecks, controlling);
        return checkIn(at, profile, asks, triggers, deviceChecks, controlling, liveId());
    }

    private LocalDate today(Instant now) {
        return now.atOffset(user.offset()).toLocalDate();
    }

    private void generateDay(
            LocalDate day,
            int daysBeforeToday,
            double progress,
            boolean firstDay,
            Instant now,
            List<CheckIn> checkIns,
            List<JournalEntry> journal) {
        boolean ramp = persona.escalating() && daysBeforeToday < RAMP_DAYS;
        Profile profile = profile(progress, ramp);
        int count;
        if (ramp) {
            count = 2 + random.nextInt(2);
        } else if (!firstDay && daysBeforeToday > 0 && random.nextDouble() < 0.12) {
            count = 0;
        } else {
            count = random.nextDouble() < 0.45 ? 2 : 1;
        }
        boolean writesJournal = random.nextDouble() < profile.journalChance();
        List<OffsetDateTime> times = times(day, count + (writesJournal ? 1 : 0), now);
        int asks = 0;
        int triggers = 0;
        int deviceChecks = 0;
        int controlling = 0;
        if (ramp) {
            asks = RAMP_ASKS[daysBeforeToday] + (random.nextInt(3) == 0 ? 1 : 0);
            // Triggers stay under their own floor, so the level comes from the persona's rule, not trigger_surge.
            triggers = ledger.allowance(day, Measure.TRIGGERS, 1 + random.nextInt(2), CALM_MAX_TRIGGERS);
            if (persona != Persona.REASSURANCE_DOUBLING) {
                deviceChecks = RAMP_DEVICE_CHECKS[daysBeforeToday];
            }
            if (persona == Persona.CONTROLLING) {
                controlling = RAMP_CONTROLLING[daysBeforeToday];
            }
        } else if (count > 0) {
            asks = ledger.allowance(day, Measure.REASSURANCE_ASKS, poisson(profile.asks()), CALM_MAX_ASKS);
            triggers = ledger.allowance(day, Measure.TRIGGERS, poisson(profile.triggers()), CALM_MAX_TRIGGERS);
            deviceChecks = ledger.allowance(
                    day, Measure.DEVICE_CHECKS, poisson(profile.deviceChecks()), CALM_MAX_DEVICE_CHECKS);
        }
        record(day, asks, triggers, deviceChecks, controlling);

        int[] asksPer = split(asks, count);
        int[] triggersPer = split(triggers, count);
        int[] devicePer = split(deviceChecks, count);
        int[] controllingPer = split(controlling, count);
        int journalSlot = writesJournal ? random.nextInt(count + 1) : -1;
        int slot = 0;
        for (int i = 0; i < count; i++) {
            if (slot == journalSlot) {
                journal.add(journalEntry(times.get(slot++), profile, historyId()));
            }
            checkIns.add(checkIn(
                    times.get(slot++),
                    profile,
                    asksPer[i],
                    triggersPer[i],
                    devicePer[i],
                    controllingPer[i],
                    historyId()));
        }
        if (slot == journalSlot) {
            journal.add(journalEntry(times.get(slot), profile, historyId()));
        }
    }

    private void record(LocalDate day, int asks, int triggers, int deviceChecks, int controlling) {
        ledger.add(day, Measure.REASSURANCE_ASKS, asks);
        ledger.add(day, Measure.TRIGGERS, triggers);
        ledger.add(day, Measure.DEVICE_CHECKS, deviceChecks);
        ledger.add(day, Measure.CONTROLLING, controlling);
    }

    private Profile profile(double progress, boolean ramp) {
        if (ramp) {
            return new Profile(0, 0, 0, 0.2, 7.5, 0.5, -3, 2.0);
        }
        return switch (persona) {
            case STEADY -> new Profile(0.35, 0.7, 0.02, 0.7, 4.0, 0.25, -20, 1.0);
            case IMPROVING ->
                new Profile(
                        0.6 - 0.45 * progress,
                        1.0 - 0.65 * progress,
                        0.03 * (1 - progress),
                        0.3 + 0.9 * progress,
                        6.5 - 3 * progress,
                        0.3 + 0.2 * progress,
                        -(10 + 35 * progress),
                        1.0 - 0.6 * progress);
            case REASSURANCE_DOUBLING, DEVICE_CHECKING, CONTROLLING ->
                new Profile(0.3, 0.6, 0, 0.6, 4.5, 0.25, -15, 1.0);
        };
    }

    /** {@code n} times within the day, oldest first, from morning to late evening, and never after {@code now}. */
    private List<OffsetDateTime> times(LocalDate day, int n, Instant now) {
        Instant start = day.atTime(LocalTime.of(7, 0)).atOffset(user.offset()).toInstant();
        Instant end = day.atTime(LocalTime.of(23, 0)).atOffset(user.offset()).toInstant();
        Instant latest = now.minus(1, ChronoUnit.MINUTES);
        if (end.isAfter(latest)) {
            // Today: squeeze the day's events into the part of it already lived.
            end = latest;
            if (!start.isBefore(end)) {
                start = day.atStartOfDay().atOffset(user.offset()).toInstant();
            }
            if (!start.isBefore(end)) {
                end = now;
            }
        }
        long span = Math.max(0, end.getEpochSecond() - start.getEpochSecond());
        List<OffsetDateTime> times = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long offset = span == 0 ? 0 : (long) (random.nextDouble() * span);
            times.add(start.plusSeconds(offset).atOffset(user.offset()));
        }
        times.sort(Comparator.naturalOrder());
        return times;
    }

    private CheckIn checkIn(
            OffsetDateTime at,
            Profile profile,
            int asks,
            int triggerCount,
            int deviceChecks,
            int controlling,
            UUID eventId) {
        List<Trigger> triggers = new ArrayList<>(triggerCount);
        for (int i = 0; i < triggerCount; i++) {
            triggers.add(new Trigger(Texts.pick(TRIGGER_WEIGHTS, random), random.nextDouble() < 0.3));
        }
        List<Behavior> behaviors = new ArrayList<>();
        if (asks > 0) {
            behaviors.add(new Behavior(BehaviorType.SOUGHT_REASSURANCE, asks));
        }
        if (deviceChecks > 0) {
            behaviors.add(new Behavior(BehaviorType.CHECKED_DEVICE, deviceChecks));
        }
        if (controlling > 0) {
            behaviors.add(new Behavior(BehaviorType.CONTROLLED, controlling));
        }
        double scale = profile.behaviorScale();
        maybeAdd(behaviors, BehaviorType.WITHDREW, 0.15 * scale);
        maybeAdd(behaviors, BehaviorType.AVOIDED_SHARING, 0.15 * scale);
        maybeAdd(behaviors, BehaviorType.QUESTIONED_MOTIVES, 0.12 * scale);
        maybeAdd(behaviors, BehaviorType.PICKED_CONFLICT, 0.05 * scale);
        maybeAdd(behaviors, BehaviorType.ACCUSED, 0.02 * scale * scale);
        List<CopingStrategy> coping = coping(triggerCount, profile.copingPerTrigger());
        int distress = clamp(
                (int) Math.round(
                        profile.distress() + 0.6 * triggerCount - 0.3 * coping.size() + random.nextGaussian() * 1.2),
                0,
                10);
        String note = random.nextDouble() < 0.3 ? Texts.pick(Texts.NOTES, random) : null;
        return new CheckIn(eventId, at, context(), distress, triggers, behaviors, coping, note, null, null);
    }

    private void maybeAdd(List<Behavior> behaviors, BehaviorType type, double chance) {
        if (random.nextDouble() < chance) {
            behaviors.add(new Behavior(type, 1));
        }
    }

    private List<CopingStrategy> coping(int triggers, double perTrigger) {
        double expected = triggers == 0 ? 0.4 * perTrigger : triggers * perTrigger;
        int wanted = clamp((int) Math.floor(expected + random.nextDouble()), 0, CopingStrategy.values().length);
        Set<CopingStrategy> chosen = EnumSet.noneOf(CopingStrategy.class);
        CopingStrategy[] all = CopingStrategy.values();
        while (chosen.size() < wanted) {
            // Challenging the thought is what thought records practise, so it comes up most.
            chosen.add(random.nextDouble() < 0.3 ? CopingStrategy.CHALLENGED_THOUGHT : all[random.nextInt(all.length)]);
        }
        return List.copyOf(chosen);
    }

    private Context context() {
        double roll = random.nextDouble();
        if (roll < 0.7) {
            return Context.ROMANTIC;
        }
        Context[] others = {Context.FAMILY, Context.FRIENDSHIP, Context.WORK, Context.OTHER};
        return others[random.nextInt(others.length)];
    }

    private JournalEntry journalEntry(OffsetDateTime at, Profile profile, UUID eventId) {
        ThoughtRecord record = null;
        if (random.nextDouble() < 0.8) {
            Texts.Thought thought = Texts.pick(Texts.THOUGHTS, random);
            int before = 55 + random.nextInt(36);
            int after = clamp((int) Math.round(before + profile.beliefShift() + random.nextGaussian() * 8), 0, 100);
            record = new ThoughtRecord(
                    thought.automatic(),
                    thought.evidenceFor(),
                    thought.evidenceAgainst(),
                    thought.balanced(),
                    before,
                    after);
        }
        String text = record == null || random.nextDouble() < 0.85 ? Texts.pick(Texts.JOURNAL_TEXTS, random) : null;
        return new JournalEntry(eventId, at, text, record, null, null);
    }

    /** {@code total} spread at random over {@code parts} check-ins. */
    private int[] split(int total, int parts) {
        int[] shares = new int[Math.max(parts, 0)];
        if (parts == 0) {
            return shares;
        }
        for (int i = 0; i < total; i++) {
            shares[random.nextInt(parts)]++;
        }
        return shares;
    }

    private int poisson(double mean) {
        if (mean <= 0) {
            return 0;
        }
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int n = 0;
        while (product > limit) {
            product *= random.nextDouble();
            n++;
        }
        return n;
    }

    private UUID historyId() {
        return version4(random.nextLong(), random.nextLong());
    }

    private UUID liveId() {
        return version4(liveIds.nextLong(), liveIds.nextLong());
    }

    /** A random (version 4, IETF variant) UUID from the given bits, as a client's UUID library would make. */
    static UUID version4(long high, long low) {
        return new UUID((high & ~0xF000L) | 0x4000L, (low & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L);
    }

    private static int clamp(int value, int min, int max) {
        return Math.max(min, Math.min(max, value));
    }

    private static List<TriggerCategory> weighted() {
        List<TriggerCategory> weighted = new ArrayList<>();
        for (TriggerCategory category : TriggerCategory.values()) {
            int weight = switch (category) {
                case PARTNER_UNRESPONSIVE -> 4;
                case PLANS_CHANGED, PERCEIVED_SECRECY, SOCIAL_MEDIA, ATTENTION_TO_OTHERS, CONFLICT_OR_CRITICISM -> 2;
                default -> 1;
            };
            for (int i = 0; i < weight; i++) {
                weighted.add(category);
            }
        }
        return List.copyOf(weighted);
    }
}
