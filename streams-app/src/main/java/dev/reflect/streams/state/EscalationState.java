package dev.reflect.streams.state;

import dev.reflect.events.Alert;
import dev.reflect.events.EscalationLevel;
import dev.reflect.streams.escalation.EscalationRule;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A person's escalation: their level history, as the rules derive it from their figures, and what
 * alerts have announced of it so far.
 *
 * <p><b>History.</b> The {@link LevelChange}s from {@link #windowStart()} on, oldest first, each
 * starting from the level the one before it reached, plus the last change before the window
 * ({@link #base()}), which still says where the person stands when nothing has changed since. The
 * history is a function of the person's figures alone, so it does not depend on the order their
 * events arrived in; {@code EscalationEvaluator} keeps it so. To extend it by a day without
 * re-deriving the past, it keeps the levels the rules gave on the last few evaluated days
 * ({@link #recentAssessments()}, ending at {@link #evaluatedTo()}).
 *
 * <p><b>Announcements.</b> Every alert sent for this person from the window on, as (day, level) in
 * the order they were sent, and the level announced before the window. An alert cannot be taken
 * back, so these are kept apart from the history; alerts are made from the difference between the
 * two (see {@code EscalationEvaluator#announce}). {@link #hasUnannounced()} says whether the
 * history changed since the last announcement.
 *
 * <p>The current level, {@code since}, rule and message are those of the last change. Before any
 * change a person is STEADY (since their first day) with no rule, figures or message.
 */
public final class EscalationState {

    /** An alert that was sent: on {@code day} the level became {@code level}. */
    public record Announcement(LocalDate day, EscalationLevel level) {

        public Announcement {
            Objects.requireNonNull(day, "day");
            Objects.requireNonNull(level, "level");
        }
    }

    private LocalDate evaluatedTo;
    private final List<EscalationLevel> recentAssessments = new ArrayList<>();
    private LocalDate windowStart;
    private LevelChange base;
    private final List<LevelChange> changes = new ArrayList<>();
    private EscalationLevel announcedBefore = EscalationLevel.STEADY;
    private final List<Announcement> announced = new ArrayList<>();
    private int announcements;
    private boolean unannounced;

    /** The latest change, or null before any. */
    public LevelChange lastChange() {
        return changes.isEmpty() ? base : changes.get(changes.size() - 1);
    }

    public EscalationLevel level() {
        LevelChange last = lastChange();
        return last == null ? EscalationLevel.STEADY : last.level();
    }

    /** The level before the last change, or null before any change. */
    public EscalationLevel previousLevel() {
        LevelChange last = lastChange();
        return last == null ? null : last.previous();
    }

    /** The local day the current level began, or null before any change (then it is the person's first day). */
    public LocalDate since() {
        LevelChange last = lastChange();
        return last == null ? null : last.day();
    }

    /** The rule of the last change, or null before any change. */
    public EscalationRule rule() {
        LevelChange last = lastChange();
        return last == null ? null : last.rule();
    }

    /** The figures at the last change, or null before any change. */
    public Alert.Observed observed() {
        LevelChange last = lastChange();
        return last == null ? null : last.observed();
    }

    /** The sentence of the last change, or null before any change. */
    public String message() {
        LevelChange last = lastChange();
        return last == null ? null : last.message();
    }

    /** The level in effect on {@code day} by the history: that of the last change on or before it. */
    public EscalationLevel levelOn(LocalDate day) {
        EscalationLevel level = base == null ? EscalationLevel.STEADY : base.level();
        for (LevelChange change : changes) {
            if (change.day().isAfter(day)) {
                break;
            }
            level = change.level();
        }
        return level;
    }

    /** The last day the rules were applied to, or null before any event. */
    public LocalDate evaluatedTo() {
        return evaluatedTo;
    }

    /** The levels the rules gave on the last evaluated days, oldest first, ending at {@link #evaluatedTo()}. */
    public List<EscalationLevel> recentAssessments() {
        return List.copyOf(recentAssessments);
    }

    /** The first day of the kept history, or null while all of it is kept. */
    public LocalDate windowStart() {
        return windowStart;
    }

    /** The last change before {@link #windowStart()}, or null. */
    public LevelChange base() {
        return base;
    }

    /** The changes from {@link #windowStart()} on, oldest first. */
    public List<LevelChange> changes() {
        return List.copyOf(changes);
    }

    /** The level announced before {@link #windowStart()}. */
    public EscalationLevel announcedBefore() {
        return announcedBefore;
    }

    /** The alerts sent from {@link #windowStart()} on, in the order they were sent. */
    public List<Announcement> announced() {
        return List.copyOf(announced);
    }

    /** How many alerts this person has had in all; numbers them for deterministic alert ids. */
    public int announcements() {
        return announcements;
    }

    /** True when the history changed since the last announcement. */
    public boolean hasUnannounced() {
        return unannounced;
    }

    /**
     * Replaces the history from {@code from} on with {@code replacement} (days from {@code from} on,
     * oldest first, chained to the level in effect the day before), and records how far the
     * rules have been applied.
     */
    public void rewriteFrom(
            LocalDate from,
            List<LevelChange> replacement,
            LocalDate newEvaluatedTo,
            List<EscalationLevel> newRecentAssessments) {
        int keep = 0;
        while (keep < changes.size() && changes.get(keep).day().isBefore(from)) {
            keep++;
        }
        List<LevelChange> old = changes.subList(keep, changes.size());
        if (!sameChanges(old, replacement)) {
            old.clear();
            changes.addAll(replacement);
            unannounced = true;
        } else if (!replacement.isEmpty()) {
            // The same changes: the last one's figures and sentence may still be newer.
            changes.set(changes.size() - 1, replacement.get(replacement.size() - 1));
        }
        keepContentOfLastOnly();
        evaluatedTo = Objects.requireNonNull(newEvaluatedTo);
        recentAssessments.clear();
        recentAssessments.addAll(newRecentAssessments);
    }

    private static boolean sameChanges(List<LevelChange> a, List<LevelChange> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).sameChange(b.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** Only the latest change's figures and sentence are kept (see {@link LevelChange}). */
    private void keepContentOfLastOnly() {
        for (int i = 0; i < changes.size() - 1; i++) {
            changes.set(i, changes.get(i).withoutContent());
        }
        if (base != null && !changes.isEmpty()) {
            base = base.withoutContent();
        }
    }

    /** Puts back the figures and sentence of the latest change, derived anew. */
    public void restoreContent(LevelChange latest) {
        LevelChange last = lastChange();
        if (last == null || !last.sameChange(latest) || !latest.hasContent()) {
            throw new IllegalArgumentException("not the latest change with its content");
        }
        if (changes.isEmpty()) {
            base = latest;
        } else {
            changes.set(changes.size() - 1, latest);
        }
    }

    /** Records an alert as sent. */
    public void announce(LocalDate day, EscalationLevel level) {
        announced.add(new Announcement(day, level));
        announcements++;
    }

    /** Marks the history as fully announced. */
    public void announcedAll() {
        unannounced = false;
    }

    /**
     * Forgets history and announcements before {@code start}, keeping the last change before it
     * as {@link #base()} and the level announced the day before as {@link #announcedBefore()}.
     */
    public void keepFrom(LocalDate start) {
        if (windowStart != null && !start.isAfter(windowStart)) {
            return;
        }
        LocalDate dayBefore = start.minusDays(1);
        EscalationLevel announcedThen = announcedOn(dayBefore);
        while (!changes.isEmpty() && changes.get(0).day().isBefore(start)) {
            base = changes.remove(0);
        }
        announced.removeIf(a -> a.day().isBefore(start));
        announcedBefore = announcedThen;
        windowStart = start;
        keepContentOfLastOnly();
    }

    /** The level the alerts announced for {@code day}: that of the latest-dated alert on or before it, last sent wins. */
    public EscalationLevel announcedOn(LocalDate day) {
        EscalationLevel level = announcedBefore;
        LocalDate levelDay = null;
        for (Announcement a : announced) {
            if (!a.day().isAfter(day) && (levelDay == null || !a.day().isBefore(levelDay))) {
                level = a.level();
                levelDay = a.day();
            }
        }
        return level;
    }

    void restore(
            LocalDate evaluatedTo,
            List<EscalationLevel> recentAssessments,
            LocalDate windowStart,
            LevelChange base,
            List<LevelChange> changes,
            EscalationLevel announcedBefore,
            List<Announcement> announced,
            int announcements,
            boolean unannounced) {
        this.evaluatedTo = evaluatedTo;
        this.recentAssessments.clear();
        this.recentAssessments.addAll(recentAssessments);
        this.windowStart = windowStart;
        this.base = base;
        this.changes.clear();
        this.changes.addAll(changes);
        this.announcedBefore = Objects.requireNonNull(announcedBefore);
        this.announced.clear();
        this.announced.addAll(announced);
        this.announcements = announcements;
        this.unannounced = unannounced;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EscalationState s
                && Objects.equals(evaluatedTo, s.evaluatedTo)
                && recentAssessments.equals(s.recentAssessments)
                && Objects.equals(windowStart, s.windowStart)
                && Objects.equals(base, s.base)
                && changes.equals(s.changes)
                && announcedBefore == s.announcedBefore
                && announced.equals(s.announced)
                && announcements == s.announcements
                && unannounced == s.unannounced;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                evaluatedTo,
                recentAssessments,
                windowStart,
                base,
                changes,
                announcedBefore,
                announced,
                announcements,
                unannounced);
    }

    @Override
    public String toString() {
        return "EscalationState[level=" + level() + ", since=" + since() + ", evaluatedTo=" + evaluatedTo
                + ", recent=" + recentAssessments + ", changes=" + changes.size() + ", announced=" + announced
                + ", announcements=" + announcements + (unannounced ? ", unannounced" : "") + "]";
    }
}
