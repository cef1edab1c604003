package dev.reflect.streams.query;

import dev.reflect.events.EscalationLevel;
import dev.reflect.events.Instrument;
import dev.reflect.streams.measures.MeasureSummary;
import dev.reflect.streams.progress.ProgressCalculator;
import dev.reflect.streams.progress.Window7d;
import dev.reflect.streams.state.CaseloadEntry;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code GET /v1/caseload}: the people who share with the clinician, most urgent
 * first. Urgency: the higher level first; then more unseen alerts; then the more recent change of
 * level (news before the long-standing); then the more recent check-in; then userId, so the order
 * is stable.
 */
public record CaseloadView(String clinicianId, List<Person> people) {

    /**
     * One person, as their task last wrote their row; figures are as of {@code asOf}, their latest
     * day with data, like their progress; {@code measures} as in progress ({@code {}} before any
     * answer).
     */
    public record Person(
            String userId,
            EscalationLevel level,
            LocalDate since,
            String rule,
            Window7d window7d,
            LocalDate lastCheckInDay,
            int unseenAlerts,
            Instant sharingSince,
            LocalDate asOf,
            Map<Instrument, MeasureSummary> measures) {}

    static final Comparator<Person> MOST_URGENT_FIRST = Comparator.comparing(
                    (Person person) -> person.level().ordinal())
            .reversed()
            .thenComparing(Comparator.comparingInt(Person::unseenAlerts).reversed())
            .thenComparing(Person::since, Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(Person::lastCheckInDay, Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(Person::userId);

    static CaseloadView of(String clinicianId, List<CaseloadEntry> entries) {
        return new CaseloadView(
                clinicianId,
                entries.stream()
                        .map(entry -> new Person(
                                entry.userId(),
                                entry.level(),
                                entry.since(),
                                entry.rule(),
                                ProgressCalculator.window7d(entry.window7d()),
                                entry.lastCheckInDay(),
                                entry.unseenAlerts(),
                                entry.sharingSince(),
                                entry.asOf(),
                                entry.measures()))
                        .sorted(MOST_URGENT_FIRST)
                        .toList());
    }
}
