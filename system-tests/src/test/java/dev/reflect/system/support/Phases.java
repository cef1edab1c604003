package dev.reflect.system.support;

import dev.reflect.system.support.LoadGenerator.Outcome;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Named stretches of a fault test, to say which answers came while what was broken. */
public final class Phases {

    private record Mark(String name, long startNanos) {}

    private final List<Mark> marks = new ArrayList<>();

    /** From now on, requests sent belong to phase {@code name}. */
    public synchronized void begin(String name) {
        marks.add(new Mark(name, System.nanoTime()));
    }

    /** The phase a request sent at {@code nanos} belongs to; "before" for one sent before the first. */
    public synchronized String of(long nanos) {
        String phase = "before";
        for (Mark mark : marks) {
            if (nanos >= mark.startNanos()) {
                phase = mark.name();
            }
        }
        return phase;
    }

    /** The answers of each phase, by status, phases in order. */
    public synchronized Map<String, Map<Integer, Long>> answers(Collection<Outcome> outcomes) {
        Map<String, Map<Integer, Long>> answers = new LinkedHashMap<>();
        marks.forEach(mark -> answers.put(mark.name(), new TreeMap<>()));
        for (Outcome outcome : outcomes) {
            answers.computeIfAbsent(of(outcome.sentAtNanos()), name -> new TreeMap<>())
                    .merge(outcome.status(), 1L, Long::sum);
        }
        return answers;
    }
}
