package dev.reflect.streams.progress;

import dev.reflect.events.BehaviorType;
import dev.reflect.events.CopingStrategy;
import dev.reflect.events.EscalationLevel;
import dev.reflect.events.TriggerCategory;
import dev.reflect.service.privacy.Pseudonym;
import dev.reflect.streams.escalation.EscalationRules;
import dev.reflect.streams.escalation.EscalationThresholds;
import dev.reflect.streams.escalation.PersonalBaseline;
import dev.reflect.streams.escalation.Rounding;
import dev.reflect.streams.state.EscalationState;
import dev.reflect.streams.state.Figures;
import dev.reflect.streams.state.UserState;
import dev.reflect.streams.state.WindowTotals;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * Turns a user's {@link UserState} into the bodies of the query API (contract section 6). Plain
 * and stateless: no Kafka, no HTTP; thread-safe.
 */
public final class ProgressCalculator {

    public static final int MIN_DAYS = 1;
    public static final int MAX_DAYS = 90;
    public static final int DEFAULT_DAYS = 28;
    private static final int WINDOW_DAYS = 7;

    private final EscalationThresholds thresholds;
    private final EscalationRules rules;
    private final Pseudonym pseudonym;

    /** Progress bodies without a pseudonym ({@code null}). */
    public ProgressCalculator(EscalationThresholds thresholds) {
        this(thresholds, Optional.empty());
    }

    /** @param pseudonym what names users in the per-user metrics; empty when the service has none */
    public ProgressCalculator(EscalationThresholds thresholds, Optional<Pseudonym> pseudonym) {
        this.thresholds = Objects.requireNonNull(thresholds);
        this.rules = new EscalationRules(thresholds);
        this.pseudonym = pseudonym.orElse(null);
    }

    /** Progress as of the user's latest day with data (D), the day their escalation was last evaluated. */
    public Progress progress(String userId, UserState state, int days) {
        requireData(state);
        return progress(userId, state, days, state.latestDay());
    }

    /**
     * Progress for the {@code days} days ending at {@code asOf} (for instance today in the user's
     * zone). The escalation is the stored one: it moves only when the user's events arrive.
     */
    public Progress progress(String userId, UserState state, int days, LocalDate asOf) {
        requireData(state);
        if (days < MIN_DAYS || days > MAX_DAYS) {
            throw new IllegalArgumentException("days must be between " + MIN_DAYS + " and " + MAX_DAYS);
        }
        List<DayProgress> series = new ArrayList<>(days);
        for (LocalDate day = asOf.minusDays(days - 1L); !day.isAfter(asOf); day = day.plusDays(1)) {
            series.add(day(day, state.day(day)));
        }
        PersonalBaseline baseline = PersonalBaseline.of(state, asOf, thresholds);
        return new Progress(
                userId,
                pseudonym == null ? null : pseudonym.of(userId),
                asOf,
                series,
                window7d(state, asOf),
                new BaselineWeekly(
                        Rounding.oneDecimal(baseline.weeklyAsks()),
                        Rounding.oneDecimal(baseline.weeklyTriggers()),
                        baseline.established()),
                escalation(state).summary(),
                Map.of());
    }

    /** The 7 days ending at {@code asOf}. */
    public Window7d window7d(UserState state, LocalDate asOf) {
        return window7d(WindowTotals.of(state.totals(asOf.minusDays(WINDOW_DAYS - 1L), asOf)));
    }

    /** A 7-day summary from its totals, rounded as every answer rounds it. */
    public static Window7d window7d(WindowTotals window) {
        Double copingRatio =
                window.triggers() == 0 ? null : Rounding.twoDecimals((double) window.coping() / window.triggers());
        return new Window7d(
                window.checkIns(),
                window.triggers(),
                window.reassuranceAsks(),
                window.deviceChecks(),
                window.controlling(),
                copingRatio,
                Rounding.oneDecimal(window.distressAvg()),
                Rounding.oneDecimal(window.beliefShiftAvg()));
    }

    /** The body of the escalation endpoint. */
    public EscalationView escalation(UserState state) {
        requireData(state);
        EscalationState escalation = state.escalation();
        if (escalation.lastChange() == null) {
            return new EscalationView(
                    EscalationLevel.STEADY,
                    state.firstDay(),
                    null,
                    rules.assess(state, state.latestDay()).observed(),
                    "No escalation rule has held so far.");
        }
        return new EscalationView(
                escalation.level(),
                escalation.since(),
                escalation.rule().wireName(),
                escalation.observed(),
                escalation.message());
    }

    /** The figures of every day the person has data for and Reflect still keeps, oldest first. */
    public static List<DayProgress> keptDays(UserState state) {
        List<DayProgress> days = new ArrayList<>(state.days().size());
        state.days().forEach((date, figures) -> days.add(day(date, figures)));
        return days;
    }

    static DayProgress day(LocalDate date, Figures figures) {
        return new DayProgress(
                date,
                figures.checkIns(),
                Rounding.oneDecimal(figures.distressAvg()),
                nonZero(TriggerCategory.class, figures::triggers),
                nonZero(BehaviorType.class, figures::behaviors),
                figures.reassuranceAsks(),
                figures.deviceChecks(),
                figures.controlling(),
                nonZero(CopingStrategy.class, figures::coping),
                figures.thoughtRecords(),
                Rounding.oneDecimal(figures.beliefShiftAvg()));
    }

    private static <E extends Enum<E>> Map<E, Integer> nonZero(Class<E> type, ToIntFunction<E> count) {
        EnumMap<E, Integer> counts = new EnumMap<>(type);
        for (E value : type.getEnumConstants()) {
            int n = count.applyAsInt(value);
            if (n != 0) {
                counts.put(value, n);
            }
        }
        return Collections.unmodifiableMap(counts);
    }

    private static void requireData(UserState state) {
        if (state == null || state.isEmpty()) {
            throw new IllegalArgumentException("no data for this user");
        }
    }
}
