package dev.reflect.streams.escalation;

import dev.reflect.events.Alert;
import dev.reflect.events.EscalationLevel;
import dev.reflect.streams.state.EscalationState;
import dev.reflect.streams.state.LevelChange;
import dev.reflect.streams.state.UserState;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.UUID;

/**
 * A person's escalation history under the rules of contract section 5 with their hysteresis, and
 * the alerts that announce it.
 *
 * <p><b>The history is a function of the figures.</b> Every calendar day from the person's first
 * day to their latest is evaluated in order ({@link EscalationRules}), so <em>a day without data
 * counts as a day like any other</em>. The level on day t is the highest level the rules gave on
 * the last k days (t-k+1..t, k = {@code deescalationDays}, days before the first day giving
 * STEADY). That is exactly "going up is immediate; going down happens once the lower levels have
 * held for k consecutive days, to the highest of them": a higher rule level on t wins at once, and
 * a level drops only when none of the last k days reached it. Each day where the level differs
 * from the day before is a {@link LevelChange}. As every input is a figure of some day, the same
 * events give the same history, levels, {@code since} days and change days whatever order they
 * arrive in (contract section 4a).
 *
 * <p><b>Keeping it up to date</b> ({@link #evaluate}). An event on day Y can change the rules'
 * levels on Y..Y+27 only, so the history is re-derived from Y on (from the day after the last
 * evaluated one for a new latest day: the common case costs one day). An event before the
 * person's first day moves that day, which decides when their baseline is established, so it
 * re-derives all that can be. The history before {@link #stableFrom} is fixed: the figures it
 * rests on have been pruned (the last 90 days are kept), so a late event more than about 60 days
 * before the person's latest day changes that day's figures but not the levels of days that old.
 *
 * <p><b>Announcing it</b> ({@link #announce}). An alert cannot be taken back, so the topology
 * announces a person's changes once their input has settled, and announcing compares the history
 * with what was announced before: for each day where the announced level differs from the
 * history's, one alert from the announced level to the history's, dated that day. Events in time
 * order thus give one alert per change. A late event that rewrites what was already announced gets
 * the alerts that bring the announcements back in line with the history: its new changes, and a
 * correction where an announced change turns out not to have happened. Alert ids are name-based
 * UUIDs of the person, the alert's sequence number, day and levels, so reprocessing the same input
 * in the same order yields the same ids.
 */
public final class EscalationEvaluator {

    private final EscalationRules rules;
    private final EscalationThresholds thresholds;
    private final AlertMessages messages;
    private final int retentionDays;

    /**
     * @param retentionDays the local days kept per person, counted back from their latest day (as
     *     the topology prunes them); it bounds how far back the history can be re-derived
     */
    public EscalationEvaluator(EscalationThresholds thresholds, int retentionDays) {
        this.rules = new EscalationRules(thresholds);
        this.thresholds = Objects.requireNonNull(thresholds);
        this.messages = new AlertMessages(thresholds);
        if (retentionDays < thresholds.spanDays() + thresholds.deescalationDays()) {
            throw new IllegalArgumentException("retentionDays must cover the rules' windows and the hysteresis");
        }
        this.retentionDays = retentionDays;
    }

    public EscalationRules rules() {
        return rules;
    }

    public int retentionDays() {
        return retentionDays;
    }

    /** The rules applied to {@code day} alone, without hysteresis. */
    public Assessment assess(UserState state, LocalDate day) {
        return rules.assess(state, day);
    }

    /**
     * Brings the person's history in line with their figures after one event was counted into
     * {@code changedDay}, before the state is pruned.
     *
     * @param firstDayBefore the person's first day before the event was counted; null for a new person
     */
    public void evaluate(UserState state, LocalDate changedDay, LocalDate firstDayBefore) {
        LocalDate latest = state.latestDay();
        if (latest == null) {
            return;
        }
        EscalationState escalation = state.escalation();
        LocalDate evaluatedTo = escalation.evaluatedTo();
        boolean firstDayMoved = firstDayBefore == null || !firstDayBefore.equals(state.firstDay());
        LocalDate stable = stableFrom(state);
        LocalDate from;
        if (evaluatedTo == null || firstDayMoved) {
            from = stable;
        } else {
            LocalDate next = evaluatedTo.plusDays(1);
            from = max(stable, changedDay.isBefore(next) ? changedDay : next);
        }
        int k = thresholds.deescalationDays();
        Deque<EscalationLevel> window = new ArrayDeque<>(k);
        List<EscalationLevel> stored = escalation.recentAssessments();
        for (LocalDate day = from.minusDays(k - 1L); day.isBefore(from); day = day.plusDays(1)) {
            window.addLast(assessmentBefore(state, day, stored, evaluatedTo, firstDayMoved));
        }
        EscalationLevel level = escalation.levelOn(from.minusDays(1));
        List<LevelChange> replacement = new ArrayList<>();
        for (LocalDate day = from; !day.isAfter(latest); day = day.plusDays(1)) {
            Assessment assessment = rules.assess(state, day);
            window.addLast(assessment.level());
            if (window.size() > k) {
                window.removeFirst();
            }
            EscalationLevel held = highest(window);
            if (held != level) {
                replacement.add(change(state, day, level, held, assessment));
                level = held;
            }
        }
        escalation.rewriteFrom(from, replacement, latest, List.copyOf(window));
        LevelChange last = escalation.lastChange();
        if (last != null && !last.hasContent()) {
            // An earlier change is the latest again: what it says now is derived anew.
            escalation.restoreContent(withContent(state, last));
        }
    }

    /**
     * The change with its figures and sentence, derived from the figures of its day as when it
     * was first made (they are the same figures unless the change is older than the kept days, and
     * then its day's windows have lost their oldest days).
     */
    private LevelChange withContent(UserState state, LevelChange change) {
        return change.hasContent()
                ? change
                : change(state, change.day(), change.previous(), change.level(), rules.assess(state, change.day()));
    }

    /**
     * The first day whose level can still be re-derived: the figures of the rules' windows and of
     * the hysteresis before it are all kept. Before an event is counted, the kept days are those
     * from {@code retentionDays - 1} days before the last evaluated day; while the person's first
     * day is among them, nothing was pruned and the whole history can be re-derived.
     */
    LocalDate stableFrom(UserState state) {
        LocalDate firstDay = state.firstDay();
        LocalDate evaluatedTo = state.escalation().evaluatedTo();
        if (evaluatedTo == null) {
            return firstDay;
        }
        LocalDate keptFrom = evaluatedTo.minusDays(retentionDays - 1L);
        if (!firstDay.isBefore(keptFrom)) {
            return firstDay;
        }
        return max(firstDay, keptFrom.plusDays(thresholds.spanDays() - 1L + thresholds.deescalationDays() - 1L));
    }

    /** The rules' level on a day before the re-derived span: as stored when still valid, else derived anew. */
    private EscalationLevel assessmentBefore(
            UserState state,
            LocalDate day,
            List<EscalationLevel> stored,
            LocalDate evaluatedTo,
            boolean firstDayMoved) {
        if (day.isBefore(state.firstDay())) {
            return EscalationLevel.STEADY;
        }
        if (!firstDayMoved && evaluatedTo != null && !day.isAfter(evaluatedTo)) {
            long back = evaluatedTo.toEpochDay() - day.toEpochDay();
            if (back < stored.size()) {
                return stored.get(stored.size() - 1 - (int) back);
            }
        }
        return rules.assess(state, day).level();
    }

    private LevelChange change(
            UserState state, LocalDate day, EscalationLevel from, EscalationLevel to, Assessment today) {
        if (to.isAbove(from)) {
            // Up: the highest of the window is above yesterday's level, so it is today's rule level
            // (yesterday's level covered the days before). Only where the re-derived span meets a
            // fixed history can it be an earlier day's; then that day's rule is the reason.
            Assessment reason = today.level() == to ? today : latestAssessmentAt(state, day, to);
            return new LevelChange(day, from, to, reason.rule(), reason.observed(), messages.escalation(reason));
        }
        return new LevelChange(
                day, from, to, EscalationRule.DE_ESCALATION, today.observed(), messages.deescalation(from, to, today));
    }

    private Assessment latestAssessmentAt(UserState state, LocalDate day, EscalationLevel level) {
        for (int back = 1; back < thresholds.deescalationDays(); back++) {
            Assessment earlier = rules.assess(state, day.minusDays(back));
            if (earlier.level() == level) {
                return earlier;
            }
        }
        throw new IllegalStateException("no day in the window gave " + level);
    }

    /**
     * Announces what of the person's history the alerts have not said yet, and returns those
     * alerts, oldest day first. Afterwards the announcements agree with the history, and what lies
     * before the kept days is forgotten.
     */
    public List<Alert> announce(String userId, UserState state) {
        EscalationState escalation = state.escalation();
        List<Alert> alerts = new ArrayList<>(1);
        if (escalation.hasUnannounced()) {
            TreeSet<LocalDate> days = new TreeSet<>();
            escalation.changes().forEach(change -> days.add(change.day()));
            List<EscalationState.Announcement> sent = escalation.announced();
            sent.forEach(announcement -> days.add(announcement.day()));
            EscalationLevel shown = escalation.announcedBefore();
            for (LocalDate day : days) {
                for (EscalationState.Announcement announcement : sent) {
                    if (announcement.day().equals(day)) {
                        shown = announcement.level();
                    }
                }
                EscalationLevel actual = escalation.levelOn(day);
                if (shown != actual) {
                    LevelChange content = contentOf(state, day, shown, actual);
                    escalation.announce(day, actual);
                    alerts.add(new Alert(
                            alertId(userId, escalation.announcements(), day, shown, actual),
                            userId,
                            actual,
                            shown,
                            content.rule().wireName(),
                            day,
                            content.observed(),
                            content.message()));
                    shown = actual;
                }
            }
            escalation.announcedAll();
        }
        LocalDate latest = state.latestDay();
        if (latest != null) {
            escalation.keepFrom(latest.minusDays(retentionDays - 1L));
        }
        return alerts;
    }

    /** What an alert from {@code announced} to {@code actual} on {@code day} says. */
    private LevelChange contentOf(UserState state, LocalDate day, EscalationLevel announced, EscalationLevel actual) {
        for (LevelChange change : state.escalation().changes()) {
            if (change.day().equals(day) && change.level() == actual) {
                if (change.previous() == announced) {
                    return withContent(state, change);
                }
                // The change happened that day, from another level than the one announced (a
                // same-day rise after an alert): its reason, said from the announced level.
                Assessment today = rules.assess(state, day);
                return actual.isAbove(announced)
                        ? new LevelChange(day, announced, actual, change.rule(), change.observed(), change.message())
                        : new LevelChange(
                                day,
                                announced,
                                actual,
                                EscalationRule.DE_ESCALATION,
                                today.observed(),
                                messages.deescalation(announced, actual, today));
            }
        }
        Assessment then = rules.assess(state, day);
        EscalationRule rule = actual.isAbove(announced) ? reasonFor(state, day) : EscalationRule.DE_ESCALATION;
        return new LevelChange(
                day, announced, actual, rule, then.observed(), messages.correction(day, announced, actual, then));
    }

    /** The rule of the change that brought the level in effect on {@code day}. */
    private static EscalationRule reasonFor(UserState state, LocalDate day) {
        EscalationState escalation = state.escalation();
        LevelChange reason = escalation.base();
        for (LevelChange change : escalation.changes()) {
            if (!change.day().isAfter(day)) {
                reason = change;
            }
        }
        return reason == null ? EscalationRule.DE_ESCALATION : reason.rule();
    }

    private static EscalationLevel highest(Deque<EscalationLevel> levels) {
        EscalationLevel highest = EscalationLevel.STEADY;
        for (EscalationLevel level : levels) {
            if (level.isAbove(highest)) {
                highest = level;
            }
        }
        return highest;
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }

    /** Deterministic, so a replay of the same input yields the same alert ids. */
    static UUID alertId(String userId, int sequence, LocalDate day, EscalationLevel previous, EscalationLevel level) {
        String name = "reflect-alert/v1|" + userId + '|' + sequence + '|' + day + '|' + previous + '>' + level;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }
}
