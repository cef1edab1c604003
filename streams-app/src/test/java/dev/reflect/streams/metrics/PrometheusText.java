package dev.reflect.streams.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The samples of a Prometheus text exposition, enough to assert on names, labels and values. */
record PrometheusText(List<Sample> samples) {

    private static final Pattern SAMPLE =
            Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)(\\s+\\d+)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    record Sample(String name, Map<String, String> labels, double value) {}

    static PrometheusText parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line.trim());
            if (!sample.matches()) {
                throw new IllegalArgumentException("not a sample line: " + line);
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (sample.group(3) != null) {
                Matcher label = LABEL.matcher(sample.group(3));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            samples.add(new Sample(sample.group(1), labels, Double.parseDouble(sample.group(4))));
        }
        return new PrometheusText(List.copyOf(samples));
    }

    List<Sample> named(String name) {
        return samples.stream().filter(sample -> sample.name().equals(name)).toList();
    }

    /** The value of the one sample of {@code name} whose labels include these name/value pairs. */
    Optional<Double> value(String name, String... labelPairs) {
        List<Sample> matching = named(name).stream()
                .filter(sample -> {
                    for (int i = 0; i + 1 < labelPairs.length; i += 2) {
                        if (!labelPairs[i + 1].equals(sample.labels().get(labelPairs[i]))) {
                            return false;
                        }
                    }
                    return true;
                })
                .toList();
        if (matching.size() > 1) {
            throw new IllegalArgumentException(
                    matching.size() + " samples of " + name + " match " + List.of(labelPairs));
        }
        return matching.stream().findFirst().map(Sample::value);
    }
}
