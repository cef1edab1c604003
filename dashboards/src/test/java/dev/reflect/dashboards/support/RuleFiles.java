package dev.reflect.dashboards.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Prometheus rule files, read as data. */
public final class RuleFiles {

    public static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** One rule: an alert ({@code alert} set) or a recording rule ({@code record} set). */
    public record Rule(
            Path file,
            String group,
            String alert,
            String record,
            String expr,
            String forDuration,
            Map<String, String> labels,
            Map<String, String> annotations) {

        public boolean isAlert() {
            return alert != null;
        }

        public String name() {
            return isAlert() ? alert : record;
        }
    }

    private RuleFiles() {}

    public static JsonNode readYaml(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    public static List<Rule> all() {
        List<Rule> rules = new ArrayList<>();
        for (Path file : ObservabilityFiles.ruleFiles()) {
            rules.addAll(read(file));
        }
        return rules;
    }

    public static List<Rule> read(Path file) {
        List<Rule> rules = new ArrayList<>();
        for (JsonNode group : readYaml(file).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                rules.add(new Rule(
                        file,
                        group.path("name").asText(),
                        text(rule, "alert"),
                        text(rule, "record"),
                        rule.path("expr").asText(),
                        text(rule, "for"),
                        strings(rule.path("labels")),
                        strings(rule.path("annotations"))));
            }
        }
        return rules;
    }

    public static List<Rule> alerts() {
        return all().stream().filter(Rule::isAlert).toList();
    }

    public static List<String> recordedNames() {
        return all().stream().filter(rule -> !rule.isAlert()).map(Rule::record).toList();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> values = new LinkedHashMap<>();
        object.properties()
                .forEach(entry -> values.put(entry.getKey(), entry.getValue().asText()));
        return values;
    }
}
