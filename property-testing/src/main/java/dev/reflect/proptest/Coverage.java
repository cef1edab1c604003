package dev.reflect.proptest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a property's examples were, counted by case, and how often each case must come up: a
 * property that proves "accepted exactly when valid" proves half of it if no valid example is
 * ever generated. Collect a case from inside the check; {@link PropertyCheck#withCoverage} checks
 * the requirements once all tries passed.
 *
 * <pre>{@code
 * Coverage validity = Coverage.of("validity").atLeastPercent("valid", 10).atLeastPercent("invalid", 40);
 * PropertyCheck.tries(400).withCoverage(validity).forAll(bodies(), body -> {
 *     ...
 *     validity.collect(valid ? "valid" : "invalid");
 * });
 * }</pre>
 */
public final class Coverage {

    private record Requirement(Object value, double minPercent, long minCount) {}

    private final String label;
    private final List<Requirement> requirements;
    private final Map<Object, Long> counts = new LinkedHashMap<>();
    private long total;

    private Coverage(String label, List<Requirement> requirements) {
        this.label = label;
        this.requirements = requirements;
    }

    public static Coverage of(String label) {
        return new Coverage(label, List.of());
    }

    /** {@code value} must be at least {@code percent} % of the examples. */
    public Coverage atLeastPercent(Object value, double percent) {
        return with(new Requirement(value, percent, 0));
    }

    /** {@code value} must come up at least once. */
    public Coverage atLeastOnce(Object value) {
        return with(new Requirement(value, 0, 1));
    }

    private Coverage with(Requirement requirement) {
        List<Requirement> more = new ArrayList<>(requirements);
        more.add(requirement);
        return new Coverage(label, List.copyOf(more));
    }

    /** Counts one example as the case {@code value}. */
    public synchronized void collect(Object value) {
        counts.merge(value, 1L, Long::sum);
        total++;
    }

    synchronized void reset() {
        counts.clear();
        total = 0;
    }

    /** The first requirement not met, described with the whole distribution. */
    synchronized Optional<String> verify() {
        for (Requirement r : requirements) {
            long count = counts.getOrDefault(r.value(), 0L);
            double percent = total == 0 ? 0 : 100.0 * count / total;
            if (count < r.minCount() || percent < r.minPercent() || total == 0) {
                String wanted = r.minCount() > 0 ? "at least once" : "at least " + r.minPercent() + " %";
                return Optional.of("Coverage of " + label + ": " + r.value() + " came up " + count + " times ("
                        + String.format("%.1f", percent) + " %), wanted " + wanted + ". " + summary());
            }
        }
        return Optional.empty();
    }

    synchronized String summary() {
        return label + " over " + total + " examples: "
                + counts.entrySet().stream()
                        .map(e -> e.getKey() + " " + String.format("%.1f %%", 100.0 * e.getValue() / total))
                        .collect(Collectors.joining(", "));
    }
}
