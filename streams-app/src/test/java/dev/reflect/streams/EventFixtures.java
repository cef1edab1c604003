package dev.reflect.streams;

import dev.reflect.events.Alert;
import dev.reflect.events.Behavior;
import dev.reflect.events.BehaviorType;
import dev.reflect.events.CheckIn;
import dev.reflect.events.Context;
import dev.reflect.events.CopingStrategy;
import dev.reflect.events.Instrument;
import dev.reflect.events.JournalEntry;
import dev.reflect.events.Measure;
import dev.reflect.events.ThoughtRecord;
import dev.reflect.events.Trigger;
import dev.reflect.events.TriggerCategory;
import dev.reflect.streams.escalation.EscalationEvaluator;
import dev.reflect.streams.escalation.EscalationThresholds;
import dev.reflect.streams.state.UserState;
import dev.reflect.streams.topology.TopologySettings;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Builders for stored events (with userId and receivedAt) in tests. */
public final class EventFixtures {

    private EventFixtures() {}

    /**
     * Brings {@code state}'s escalation history up to date with its figures and announces it, as
     * the topology does once a person's input has settled; returns the alerts, oldest first.
     */
    public static List<Alert> escalate(String userId, UserState state) {
        EscalationEvaluator evaluator = new EscalationEvaluator(
                EscalationThresholds.defaults(), TopologySettings.defaults().retentionDays());
        if (state.firstDay() != null) {
            evaluator.evaluate(state, state.firstDay(), null);
        }
        return evaluator.announce(userId, state);
    }

    /** Noon UTC of {@code day}: a time whose local day is unambiguous. */
    public static OffsetDateTime noon(LocalDate day) {
        return OffsetDateTime.of(day, LocalTime.NOON, ZoneOffset.UTC);
    }

    public static CheckInBuilder checkIn(String userId, LocalDate day) {
        return new CheckInBuilder(userId, noon(day));
    }

    public static CheckInBuilder checkIn(String userId, OffsetDateTime occurredAt) {
        return new CheckInBuilder(userId, occurredAt);
    }

    public static JournalEntry journal(String userId, LocalDate day, Integer beliefBefore, Integer beliefAfter) {
        ThoughtRecord record = beliefBefore == null
                ? null
                : new ThoughtRecord("thought", "for", "against", "balanced", beliefBefore, beliefAfter);
        OffsetDateTime at = noon(day);
        return new JournalEntry(
                UUID.randomUUID(), at, "text", record, userId, at.toInstant().plusSeconds(60));
    }

    /** A GAD-7 answered at noon UTC of {@code day} scoring {@code score}, received a minute later. */
    public static Measure gad7(String userId, LocalDate day, int score) {
        return gad7(userId, noon(day), score);
    }

    /** A GAD-7 scoring {@code score} (answers 3 first, then the rest), received a minute after it was answered. */
    public static Measure gad7(String userId, OffsetDateTime occurredAt, int score) {
        if (score < 0 || score > Instrument.GAD7.maxScore()) {
            throw new IllegalArgumentException("a GAD-7 scores 0 to 21");
        }
        List<Integer> items = new ArrayList<>();
        int left = score;
        for (int i = 0; i < Instrument.GAD7.items(); i++) {
            int answer = Math.min(Instrument.GAD7.maxAnswer(), left);
            items.add(answer);
            left -= answer;
        }
        return new Measure(
                UUID.randomUUID(),
                occurredAt,
                Instrument.GAD7,
                items,
                userId,
                occurredAt.toInstant().plusSeconds(60));
    }

    /** The same answers, received at {@code receivedAt} (a late sync). */
    public static Measure receivedAt(Measure measure, Instant receivedAt) {
        return new Measure(
                measure.eventId(),
                measure.occurredAt(),
                measure.instrument(),
                measure.items(),
                measure.userId(),
                receivedAt);
    }

    public static final class CheckInBuilder {
        private UUID eventId = UUID.randomUUID();
        private final String userId;
        private final OffsetDateTime occurredAt;
        private Instant receivedAt;
        private int distress = 3;
        private final List<Trigger> triggers = new ArrayList<>();
        private final List<Behavior> behaviors = new ArrayList<>();
        private final List<CopingStrategy> coping = new ArrayList<>();
        private String note;

        CheckInBuilder(String userId, OffsetDateTime occurredAt) {
            this.userId = userId;
            this.occurredAt = occurredAt;
            this.receivedAt = occurredAt.toInstant().plusSeconds(60);
        }

        public CheckInBuilder eventId(UUID id) {
            this.eventId = id;
            return this;
        }

        public CheckInBuilder receivedAt(Instant at) {
            this.receivedAt = at;
            return this;
        }

        public CheckInBuilder distress(int value) {
            this.distress = value;
            return this;
        }

        public CheckInBuilder trigger(TriggerCategory category) {
            triggers.add(new Trigger(category, false));
            return this;
        }

        public CheckInBuilder triggers(TriggerCategory category, int times) {
            for (int i = 0; i < times; i++) {
                trigger(category);
            }
            return this;
        }

        public CheckInBuilder behavior(BehaviorType type, int count) {
            behaviors.add(new Behavior(type, count));
            return this;
        }

        public CheckInBuilder coping(CopingStrategy strategy) {
            coping.add(strategy);
            return this;
        }

        public CheckInBuilder note(String text) {
            this.note = text;
            return this;
        }

        public CheckIn build() {
            return new CheckIn(
                    eventId,
                    occurredAt,
                    Context.ROMANTIC,
                    distress,
                    triggers,
                    behaviors,
                    coping,
                    note,
                    userId,
                    receivedAt);
        }
    }
}
