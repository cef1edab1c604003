package dev.reflect.dashboards.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the files under test are: the {@code dashboards/} module directory (the build passes it
 * as {@code reflect.dashboards.dir}; a test started from an IDE in the module directory finds it
 * too) and the repository's {@code docs/}.
 */
public final class ObservabilityFiles {

    /** The uid every panel must use: the one {@code grafana/provisioning/datasources} provisions. */
    public static final String PROVISIONED_DATASOURCE = "grafana/provisioning/datasources/prometheus.yaml";

    private ObservabilityFiles() {}

    public static Path moduleDir() {
        return Path.of(System.getProperty("reflect.dashboards.dir", "."))
                .toAbsolutePath()
                .normalize();
    }

    public static Path prometheusConfig() {
        return moduleDir().resolve("prometheus/prometheus.yml");
    }

    public static List<Path> ruleFiles() {
        return yamlFiles(moduleDir().resolve("prometheus/rules"));
    }

    public static List<Path> ruleTestFiles() {
        return yamlFiles(moduleDir().resolve("prometheus/tests"));
    }

    public static Path alertmanagerConfig() {
        return moduleDir().resolve("alertmanager/alertmanager.yml");
    }

    public static List<Path> dashboards() {
        return list(moduleDir().resolve("grafana/dashboards"), ".json");
    }

    public static Path datasourceProvisioning() {
        return moduleDir().resolve(PROVISIONED_DATASOURCE);
    }

    public static Path dashboardProvisioning() {
        return moduleDir().resolve("grafana/provisioning/dashboards/reflect.yaml");
    }

    public static Path runbook() {
        return moduleDir().resolveSibling("docs").resolve("runbook.md");
    }

    public static Path contract() {
        return moduleDir().resolveSibling("docs").resolve("contract.md");
    }

    public static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> yamlFiles(Path dir) {
        return list(dir, ".yml");
    }

    private static List<Path> list(Path dir, String extension) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> file.getFileName().toString().endsWith(extension))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
