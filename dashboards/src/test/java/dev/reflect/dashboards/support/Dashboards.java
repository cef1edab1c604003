package dev.reflect.dashboards.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The Grafana dashboards, read as data: their panels (rows unfolded), queries and variables. */
public final class Dashboards {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One query of one panel. */
    public record Query(String dashboard, String panel, String refId, String expr, JsonNode datasource) {}

    /** One templating variable. */
    public record Variable(String dashboard, String name, String type, String query, JsonNode datasource) {}

    private Dashboards() {}

    public static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    /** Every panel, including those inside collapsed rows. */
    public static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        collect(dashboard.path("panels"), panels);
        return panels;
    }

    private static void collect(JsonNode list, List<JsonNode> into) {
        for (JsonNode panel : list) {
            into.add(panel);
            collect(panel.path("panels"), into);
        }
    }

    public static List<Query> queries(Path file) {
        JsonNode dashboard = read(file);
        List<Query> queries = new ArrayList<>();
        for (JsonNode panel : panels(dashboard)) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(new Query(
                        dashboard.path("title").asText(),
                        panel.path("title").asText(),
                        target.path("refId").asText(),
                        target.path("expr").asText(),
                        target.path("datasource")));
            }
        }
        return queries;
    }

    public static List<Query> allQueries() {
        return ObservabilityFiles.dashboards().stream()
                .flatMap(file -> queries(file).stream())
                .toList();
    }

    public static List<Variable> variables(Path file) {
        JsonNode dashboard = read(file);
        List<Variable> variables = new ArrayList<>();
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            JsonNode query = variable.path("query");
            String text = query.isObject() ? query.path("query").asText() : query.asText();
            variables.add(new Variable(
                    dashboard.path("title").asText(),
                    variable.path("name").asText(),
                    variable.path("type").asText(),
                    text,
                    variable.path("datasource")));
        }
        return variables;
    }

    public static List<Variable> allVariables() {
        return ObservabilityFiles.dashboards().stream()
                .flatMap(file -> variables(file).stream())
                .toList();
    }
}
