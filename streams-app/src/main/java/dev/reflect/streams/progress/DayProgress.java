package dev.reflect.streams.progress;

import dev.reflect.events.BehaviorType;
import dev.reflect.events.CopingStrategy;
import dev.reflect.events.TriggerCategory;
import java.time.LocalDate;
import java.util.Map;

/**
 * One local day of the progress series. The maps hold only non-zero entries, in the contract's
 * order; {@code distressAvg} is null without check-ins, {@code beliefShiftAvg} without thought
 * records (averages rounded to one decimal).
 */
public record DayProgress(
        LocalDate date,
        int checkIns,
        Double distressAvg,
        Map<TriggerCategory, Integer> triggers,
        Map<BehaviorType, Integer> behaviors,
        int reassuranceAsks,
        int deviceChecks,
        int controlling,
        Map<CopingStrategy, Integer> coping,
        int thoughtRecords,
        Double beliefShiftAvg) {}
