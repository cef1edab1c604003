package dev.reflect.system.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/** Per-user, per-local-day check-in counts computed straight from the input, as the aggregates must show them. */
public final class Reference {

    private Reference() {}

    public static Map<String, Map<LocalDate, Integer>> checkInsPerUserDay(Collection<CheckIns> checkIns) {
        Map<String, Map<LocalDate, Integer>> expected = new TreeMap<>();
        for (CheckIns checkIn : checkIns) {
            expected.computeIfAbsent(checkIn.userId(), user -> new TreeMap<>())
                    .merge(checkIn.localDay(), 1, Integer::sum);
        }
        return expected;
    }

    public static Map<String, Map<LocalDate, Integer>> reassuranceAsksPerUserDay(Collection<CheckIns> checkIns) {
        Map<String, Map<LocalDate, Integer>> expected = new TreeMap<>();
        for (CheckIns checkIn : checkIns) {
            expected.computeIfAbsent(checkIn.userId(), user -> new TreeMap<>())
                    .merge(checkIn.localDay(), checkIn.reassuranceAsks(), Integer::sum);
        }
        return expected;
    }

    /** The days of a progress body with a non-zero {@code field}, as date to value. */
    public static Map<LocalDate, Integer> daysOf(JsonNode progress, String field) {
        Map<LocalDate, Integer> days = new TreeMap<>();
        for (JsonNode day : progress.path("days")) {
            int value = day.path(field).asInt();
            if (value != 0) {
                days.put(LocalDate.parse(day.path("date").asText()), value);
            }
        }
        return days;
    }
}
