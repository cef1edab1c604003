package dev.reflect.dashboards.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which metric names the dashboards and rules read (and where), and which names the contract and
 * the libraries the services use say exist.
 */
public final class MetricReferences {

    private static final Pattern CONTRACT_NAME = Pattern.compile("`((?:reflect|http)_[a-z0-9_]+)");
    private static final Pattern CONTRACT_HISTOGRAM = Pattern.compile("`([a-z0-9_]+)`\\s*\\(?histogram");
    private static final Set<String> HISTOGRAM_SUFFIXES = Set.of("_bucket", "_sum", "_count");

    private MetricReferences() {}

    /** Metric name -> where it is read ("rule X", "dashboard / panel"), over all rules and dashboards. */
    public static Map<String, Set<String>> referenced() {
        Map<String, Set<String>> names = new TreeMap<>();
        for (RuleFiles.Rule rule : RuleFiles.all()) {
            for (String name : PromQl.metricNames(rule.expr())) {
                names.computeIfAbsent(name, key -> new LinkedHashSet<>()).add("rule " + rule.name());
            }
        }
        for (Dashboards.Query query : Dashboards.allQueries()) {
            for (String name : PromQl.metricNames(query.expr())) {
                names.computeIfAbsent(name, key -> new LinkedHashSet<>())
                        .add(query.dashboard() + " / " + query.panel() + " / " + query.refId());
            }
        }
        for (Dashboards.Variable variable : Dashboards.allVariables()) {
            for (String name : PromQl.variableMetricNames(variable.query())) {
                names.computeIfAbsent(name, key -> new LinkedHashSet<>())
                        .add(variable.dashboard() + " / variable " + variable.name());
            }
        }
        return names;
    }

    /** Names the services must export: every referenced name that is not a recorded series. */
    public static Map<String, Set<String>> referencedRaw() {
        Set<String> recorded = Set.copyOf(RuleFiles.recordedNames());
        Map<String, Set<String>> raw = new TreeMap<>(referenced());
        raw.keySet().removeIf(name -> recorded.contains(name) || name.equals("up"));
        return raw;
    }

    /** The metric names of contract section 7, as Prometheus sample names. */
    public static Set<String> contractNames() {
        String contract = ObservabilityFiles.read(ObservabilityFiles.contract());
        int start = contract.indexOf("## 7. Metrics");
        if (start < 0) {
            throw new IllegalStateException("docs/contract.md has no section 7");
        }
        String metrics = contract.substring(start);
        int end = metrics.indexOf("\n## ", 3);
        if (end > 0) {
            metrics = metrics.substring(0, end);
        }
        Set<String> names = new TreeSet<>();
        Matcher name = CONTRACT_NAME.matcher(metrics);
        while (name.find()) {
            names.add(name.group(1));
        }
        Matcher histogram = CONTRACT_HISTOGRAM.matcher(metrics);
        while (histogram.find()) {
            for (String suffix : HISTOGRAM_SUFFIXES) {
                names.add(histogram.group(1) + suffix);
            }
        }
        return names;
    }

    /** src/test/resources/dev/reflect/dashboards/library-metrics.txt. */
    public static Set<String> libraryNames() {
        try (InputStream in =
                MetricReferences.class.getResourceAsStream("/dev/reflect/dashboards/library-metrics.txt")) {
            if (in == null) {
                throw new IllegalStateException("library-metrics.txt is missing");
            }
            Set<String> names = new TreeSet<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String trimmed = line.strip();
                if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                    names.add(trimmed);
                }
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
