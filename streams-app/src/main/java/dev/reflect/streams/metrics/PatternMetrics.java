package dev.reflect.streams.metrics;

import dev.reflect.events.Alert;
import dev.reflect.events.Behavior;
import dev.reflect.events.BehaviorType;
import dev.reflect.events.CheckIn;
import dev.reflect.events.Context;
import dev.reflect.events.CopingStrategy;
import dev.reflect.events.EscalationLevel;
import dev.reflect.events.InputTopics;
import dev.reflect.events.JournalEntry;
import dev.reflect.events.Measure;
import dev.reflect.events.ReflectEvent;
import dev.reflect.events.Trigger;
import dev.reflect.events.TriggerCategory;
import dev.reflect.streams.deadletter.DeadLetterReason;
import dev.reflect.streams.state.UserState;
import dev.reflect.streams.topology.PatternListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The population counters of contract section 7, fed by the topology through
 * {@link PatternListener}:
 * <pre>
 *   reflect_checkins_total{context}          reflect_journal_entries_total
 *   reflect_triggers_total{category}         reflect_behaviors_total{type}   (adds each behaviour's count)
 *   reflect_coping_total{strategy}           reflect_alerts_total{level}     (the level changed to)
 *   reflect_records_rejected_total{reason}   (dead-letter reason codes, e.g. invalid-schema)
 *   reflect_dead_letters_dropped_total       (dead letters larger than the dead-letter topic takes)
 *   reflect_records_rerouted_total{topic}    (valid input records a producer wrote to another partition than
 *                                             Java's default partitioner would: find and fix that producer)
 *   reflect_event_delay_seconds              histogram of processing time minus occurredAt
 * </pre>
 * and the measure track's counters, {@link MeasureMetrics}.
 * Every label value of the contract's enums exists from startup at 0, so dashboards and rate()
 * see a series before its first event. Label values are the contract's enum names; no label
 * ever holds anything from a user.
 *
 * <p>Counts are of processing, not of committed results: when an exactly-once transaction aborts
 * (a crash, a fenced producer), Kafka Streams processes its records again and they count again.
 * Figures that must be exact come from the state: {@link PerUserMetrics} and
 * {@link EscalationCensus}. Per-user updates are passed on to {@link PerUserMetrics} when per-user
 * metrics are on.
 */
public final class PatternMetrics implements PatternListener {

    public static final String CHECKINS = "reflect.checkins";
    public static final String JOURNAL_ENTRIES = "reflect.journal.entries";
    public static final String TRIGGERS = "reflect.triggers";
    public static final String BEHAVIORS = "reflect.behaviors";
    public static final String COPING = "reflect.coping";
    public static final String ALERTS = "reflect.alerts";
    public static final String REJECTED = "reflect.records.rejected";
    public static final String EVENT_DELAY = "reflect.event.delay";
    public static final String REROUTED = "reflect.records.rerouted";
    public static final String DEAD_LETTERS_DROPPED = "reflect.dead.letters.dropped";

    /**
     * Bucket bounds of the delay histogram. Live events arrive within seconds, offline ones synced
     * later can be up to 90 days old (the oldest accepted): the buckets span both, coarsely at the
     * long end, where only "hours, a day, a week, a month" matter.
     */
    static final Duration[] DELAY_BUCKETS = {
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofMillis(2500),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Duration.ofMinutes(1),
        Duration.ofMinutes(5),
        Duration.ofMinutes(15),
        Duration.ofHours(1),
        Duration.ofHours(6),
        Duration.ofDays(1),
        Duration.ofDays(3),
        Duration.ofDays(7),
        Duration.ofDays(30),
        Duration.ofDays(90)
    };

    private final Map<Context, Counter> checkIns;
    private final Counter journalEntries;
    private final Map<TriggerCategory, Counter> triggers;
    private final Map<BehaviorType, Counter> behaviors;
    private final Map<CopingStrategy, Counter> coping;
    private final Map<EscalationLevel, Counter> alerts;
    private final Map<DeadLetterReason, Counter> rejected;
    private static final Pattern LATER_INPUT = Pattern.compile("reflect\\.(checkins|journal|measures)\\.v[0-9]{1,4}");

    private final MeterRegistry registry;
    private final Map<String, Counter> rerouted;
    private final Counter deadLettersDropped;
    private final Timer delay;
    private final Clock clock;
    private final PerUserMetrics perUser;
    private final MeasureMetrics measures;

    /**
     * @param perUser where per-user updates go; null when per-user metrics are off
     */
    public PatternMetrics(MeterRegistry registry, Clock clock, PerUserMetrics perUser) {
        Objects.requireNonNull(registry, "registry");
        this.registry = registry;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.perUser = perUser;
        this.checkIns = counters(
                registry, CHECKINS, "Check-ins counted, by relationship context", "context", Context.class, Enum::name);
        this.journalEntries = Counter.builder(JOURNAL_ENTRIES)
                .description("Journal entries counted")
                .register(registry);
        this.triggers = counters(
                registry,
                TRIGGERS,
                "Triggers in counted check-ins, by category",
                "category",
                TriggerCategory.class,
                Enum::name);
        this.behaviors = counters(
                registry,
                BEHAVIORS,
                "Behaviours in counted check-ins, by type; a behaviour adds its count",
                "type",
                BehaviorType.class,
                Enum::name);
        this.coping = counters(
                registry,
                COPING,
                "Coping strategies used in counted check-ins, by strategy",
                "strategy",
                CopingStrategy.class,
                Enum::name);
        this.alerts = counters(
                registry,
                ALERTS,
                "Escalation alerts emitted, by the level changed to",
                "level",
                EscalationLevel.class,
                Enum::name);
        this.rejected = counters(
                registry,
                REJECTED,
                "Records sent to the dead-letter topic, by reason",
                "reason",
                DeadLetterReason.class,
                DeadLetterReason::code);
        this.rerouted = new ConcurrentHashMap<>();
        for (String topic : InputTopics.V1.eventNames()) {
            rerouted.put(topic, reroutedCounter(topic));
        }
        this.deadLettersDropped = Counter.builder(DEAD_LETTERS_DROPPED)
                .description("Dead letters too large for the dead-letter topic: logged without content and dropped")
                .register(registry);
        this.delay = Timer.builder(EVENT_DELAY)
                .description("Processing time minus occurredAt of counted events: how late the figures are")
                .serviceLevelObjectives(DELAY_BUCKETS)
                .register(registry);
        this.measures = new MeasureMetrics(registry);
    }

    private static <E extends Enum<E>> Map<E, Counter> counters(
            MeterRegistry registry,
            String name,
            String description,
            String label,
            Class<E> type,
            Function<E, String> value) {
        EnumMap<E, Counter> counters = new EnumMap<>(type);
        for (E constant : type.getEnumConstants()) {
            counters.put(
                    constant,
                    Counter.builder(name)
                            .description(description)
                            .tag(label, value.apply(constant))
                            .register(registry));
        }
        return counters;
    }

    @Override
    public void counted(ReflectEvent event) {
        if (event instanceof CheckIn checkIn) {
            checkIns.get(checkIn.context()).increment();
            for (Trigger trigger : checkIn.triggers()) {
                triggers.get(trigger.category()).increment();
            }
            for (Behavior behavior : checkIn.behaviors()) {
                behaviors.get(behavior.type()).increment(behavior.count());
            }
            for (CopingStrategy strategy : checkIn.coping()) {
                coping.get(strategy).increment();
            }
        } else if (event instanceof JournalEntry) {
            journalEntries.increment();
        }
        // Up to 5 minutes in the future is accepted (clock skew): such an event is simply on time.
        Duration late = Duration.between(event.occurredAt().toInstant(), clock.instant());
        delay.record(late.isNegative() ? Duration.ZERO : late);
    }

    @Override
    public void rejected(DeadLetterReason reason) {
        rejected.get(reason).increment();
    }

    @Override
    public void rerouted(String topic) {
        Counter counter = rerouted.get(topic);
        if (counter == null && LATER_INPUT.matcher(topic).matches()) {
            // The input topics of a later version, while partitions grow (docs/scaling.md).
            counter = rerouted.computeIfAbsent(topic, this::reroutedCounter);
        }
        if (counter != null) {
            counter.increment();
        }
    }

    private Counter reroutedCounter(String topic) {
        return Counter.builder(REROUTED)
                .description("Valid input records found in another partition than their userId hashes to "
                        + "(Java's default partitioner), re-routed to it: their producer uses another "
                        + "partitioner")
                .tag("topic", topic)
                .register(registry);
    }

    @Override
    public void deadLetterDropped() {
        deadLettersDropped.increment();
    }

    @Override
    public void alerted(Alert alert) {
        alerts.get(alert.level()).increment();
    }

    @Override
    public void measureCounted(Measure measure) {
        measures.counted(measure);
    }

    @Override
    public void measureAlerted(Alert alert) {
        measures.alerted(alert);
    }

    @Override
    public void userUpdated(ReflectEvent event, UserState state) {
        if (perUser != null) {
            perUser.update(event.userId(), event.occurredAt().getOffset(), state);
        }
    }

    @Override
    public void erased(String userId) {
        if (perUser != null) {
            perUser.forget(userId);
        }
    }
}
